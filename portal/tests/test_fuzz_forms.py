"""Every form that takes a POST, fuzzed (issue 14): arbitrary text, digits, huge numbers and odd unicode in
every field never give a server error, and a post that is refused changes nothing.

Each endpoint gets a few dozen examples, half starting from a complete valid form with some fields replaced
(to reach the checks behind the first error) and half from nothing but fuzz. The API and the quick-check
pages are fuzzed in thresholds/tests/test_bad_input.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User
from portal.second_factor import APP_NAME
from portal.tests.factories import PASSWORD, AssessmentFactory, decided, form_data, make_user
from portal.text import BIDI_CONTROLS
from referrals.disagreement.services import escalation_raise
from referrals.models import Assessment, Escalation, EscalationEntry, Review

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # the same examples on every machine: no example file left behind
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD = [
    "9" * 20,
    "9" * 400,
    "-99999999999999999999",
    "1e400",
    "NaN",
    "0",
    "-1",
    "٣",  # Arabic-Indic three
    "𝟗",  # mathematical nine
    "Ⅻ",
    "\u202eevil",
    "\x00",
    "\ufeff",
    "a\u200bb",
    "\u2028",
    "\r\n",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    " " * 300,
    "x" * 6000,
    "2026-02-30",
    "9999-12-31T23:59-05:00",
]
hidden = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn", "Co"]), max_size=8)
with_bidi = st.tuples(st.text(max_size=10), st.sampled_from(sorted(BIDI_CONTROLS)), st.text(max_size=10)).map("".join)
value = st.one_of(
    st.text(max_size=40),
    with_bidi,
    st.integers().map(str),
    st.integers(min_value=10**18).map(str),
    st.sampled_from(ODD),
    hidden,
)
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))  # a field sent more than once


@dataclass
class Endpoint:
    url: str
    fields: list[str]
    valid: dict  # a complete, valid post
    state: Callable[[], object]  # everything a refused post must leave as it was


def fuzzed(endpoint: Endpoint) -> st.SearchStrategy[dict]:
    overrides = st.dictionaries(st.sampled_from(endpoint.fields), values, max_size=len(endpoint.fields))
    from_valid = overrides.map(lambda changed: endpoint.valid | changed)
    from_nothing = st.fixed_dictionaries({}, optional=dict.fromkeys(endpoint.fields, values))
    return st.one_of(from_valid, from_nothing)


def assessment_row(assessment: Assessment) -> Callable[[], object]:
    return lambda: Assessment.objects.filter(pk=assessment.pk).values().get()


STEP_FIELDS = {
    "child": [
        "child_name",
        "unborn",
        *(f"{date}_{n}" for date in ("date_of_birth", "expected_due_date") for n in range(3)),
        "address",
        "household",
        "parents_carers",
        "agencies",
    ],
    "indicators": ["indicators", "q", "at"],
    "judgement": ["practitioner_level", "level_rationale"],
    "voice": ["child_voice", "worries", "working_well", "needs_to_happen"],
    "consent": [
        "consent",
        "consent_given_by",
        *(f"consent_given_on_{n}" for n in range(3)),
        "consent_ground",
        "consent_reason",
    ],
}


def practitioner_endpoint(name: str) -> Callable[[object], Endpoint]:
    def build(client) -> Endpoint:
        owner = make_user("fuzz-owner")
        client.force_login(owner)
        draft = AssessmentFactory(owner=owner, ticks=3, max_level=3)
        if name in STEP_FIELDS:
            url = reverse("referrals:step", args=[draft.pk, name])
            return Endpoint(url, STEP_FIELDS[name], form_data(draft, name), assessment_row(draft))
        if name == "submit":
            return Endpoint(reverse("referrals:submit", args=[draft.pk]), ["revision", "x"], {}, assessment_row(draft))
        assert name == "new"
        url = reverse("referrals:new", args=["sefton", "sefton"])
        return Endpoint(url, ["indicators", "q", "at"], {"indicators": ["learning-3-01"]}, Assessment.objects.count)

    return build


def review_endpoint(client) -> Endpoint:
    lead = make_user("fuzz-lead", role=User.Role.LEAD)
    client.force_login(lead)
    sent = AssessmentFactory(owner=make_user("fuzz-owner"), submitted=True)
    fields = ["revision", "rag", "decision", "decided_level", "decision_rationale", "outcome", "notes"]
    valid = {"revision": sent.revision, "decision": "agree", "notes": "Spoke to the school."}

    def state() -> object:
        return assessment_row(sent)(), list(Review.objects.filter(assessment=sent).values())

    return Endpoint(reverse("referrals:review", args=[sent.pk]), fields, valid, state)


def disagreement_endpoint(kind: str) -> Callable[[object], Endpoint]:
    def build(client) -> Endpoint:
        owner, lead = make_user("fuzz-owner"), make_user("fuzz-lead", role=User.Role.LEAD)
        client.force_login(owner)
        assessment = decided(lead=lead, owner=owner)
        url = reverse("referrals:disagreement", args=[assessment.pk])

        def state() -> object:
            return (
                assessment_row(assessment)(),
                list(Escalation.objects.filter(assessment=assessment).values()),
                list(EscalationEntry.objects.filter(escalation__assessment=assessment).values()),
            )

        if kind == "raise":
            return Endpoint(url, ["reason"], {"reason": "The level is too low."}, state)
        escalation_raise(assessment=assessment, raised_by=owner, reason="The level is too low.")
        revision = Escalation.objects.get(assessment=assessment).revision
        valid = {"revision": revision, "action": "note", "text": "Spoke to the manager."}
        return Endpoint(url, ["revision", "action", "text"], valid, state)

    return build


def users_state() -> object:
    return list(User.objects.order_by("pk").values("pk", "password", "is_active", "role"))


def sign_in_endpoint(path: str) -> Callable[[object], Endpoint]:
    def build(client) -> Endpoint:
        make_user("fuzz-owner")
        valid = {"username": "fuzz-owner", "password": "not the password"}
        return Endpoint(path, ["username", "password", "next"], valid, users_state)

    return build


def reset_endpoint(client) -> Endpoint:
    make_user("fuzz-owner", email="owner@example.org")
    return Endpoint(reverse("password_reset"), ["email"], {"email": "owner@example.org"}, users_state)


def choose_password_endpoint(client) -> Endpoint:
    user = make_user("fuzz-owner")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = client.get(reverse("password_reset_confirm", args=[uid, token]))["Location"]  # the token moves to the session
    return Endpoint(url, ["new_password1", "new_password2"], {}, users_state)


ENDPOINTS: dict[str, Callable[[object], Endpoint]] = {
    **{f"step-{name}": practitioner_endpoint(name) for name in STEP_FIELDS},
    "submit": practitioner_endpoint("submit"),
    "new-from-quick-check": practitioner_endpoint("new"),
    "review": review_endpoint,
    "disagreement-raise": disagreement_endpoint("raise"),
    "disagreement-record": disagreement_endpoint("record"),
    "sign-in": sign_in_endpoint("/account/sign-in/"),
    "admin-sign-in": sign_in_endpoint("/admin/login/"),
    "password-reset": reset_endpoint,
    "choose-password": choose_password_endpoint,
}


def check(client, endpoint: Endpoint, data: dict) -> None:
    before = endpoint.state()
    response = client.post(endpoint.url, data)
    assert response.status_code < 500, (response.status_code, data)
    if response.status_code != 302:  # refused (or shown again with errors): nothing changed
        assert endpoint.state() == before, f"a refused post changed something: {data!r}"[:500]
    for row in Assessment.objects.values():  # accepted or not, no NUL or bidi control is ever stored
        for stored in row.values():
            if isinstance(stored, str):
                assert "\x00" not in stored and not BIDI_CONTROLS & set(stored), data


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_no_form_answers_500_and_a_refused_post_changes_nothing(client, name):
    cache.clear()
    endpoint = ENDPOINTS[name](client)

    @FUZZ
    @given(data=fuzzed(endpoint))
    def run(data: dict) -> None:
        check(client, endpoint, data)

    run()


@pytest.mark.second_factor_by_hand
@pytest.mark.parametrize("page", ["second_factor", "second_factor_setup", "second_factor_codes"])
def test_the_second_factor_forms_never_answer_500(client, page):
    cache.clear()
    user = make_user("fuzz-owner")
    if page != "second_factor_setup":
        TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    def state() -> object:
        return list(TOTPDevice.objects.filter(user=user, confirmed=True).values("pk", "key"))

    endpoint = Endpoint(reverse(page), ["code", "next"], {}, state)

    @FUZZ
    @given(data=fuzzed(endpoint))
    def run(data: dict) -> None:
        check(client, endpoint, data)

    run()
