"""Who may reach which assessment page: one table, every route against every kind of person.

A practitioner sees only their own assessments; a safeguarding lead sees the submitted assessments of
their own partnership, read-only; a partnership admin sees no child data; anyone signed out is sent to
sign in and shown nothing. A new URL in referrals/urls.py needs a row in ROUTES, saying who may use it:
test_the_table_covers_every_assessment_url fails until it has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from portal.models import User
from portal.tests.factories import AssessmentFactory, UserFactory, decided, form_data, partnership
from referrals.disagreement.services import escalation_raise
from referrals.models import Assessment, ChildLink, EscalationEntry

pytestmark = pytest.mark.django_db

CHILD = "Zephyrine Quillfeather"
NHS_NUMBER = "9434765919"  # the sent assessment's, so a lead's search by identifier finds it
LINK_ID = 900001  # the link between the decided (earlier) and the sent assessment: fixed, as URLs are built first
STEPS = ("child", "indicators", "judgement", "voice", "consent")

# The people. The owner, a colleague, a lead and an admin work in Sefton; the others in Stoke-on-Trent.
ANONYMOUS, OWNER, COLLEAGUE, LEAD, OTHER_LEAD, ADMIN, OUTSIDER = ACTORS = (
    "anonymous",
    "owner",
    "colleague",  # another practitioner of the same partnership
    "lead",  # a safeguarding lead of the same partnership
    "other_lead",  # a safeguarding lead of another partnership
    "admin",  # the same partnership's admin
    "outsider",  # a practitioner of another partnership
)
PEOPLE = {
    OWNER: (User.Role.PRACTITIONER, "sefton"),
    COLLEAGUE: (User.Role.PRACTITIONER, "sefton"),
    LEAD: (User.Role.LEAD, "sefton"),
    OTHER_LEAD: (User.Role.LEAD, "stoke-on-trent"),
    ADMIN: (User.Role.ADMIN, "sefton"),
    OUTSIDER: (User.Role.PRACTITIONER, "stoke-on-trent"),
}

SIGN_IN = "sign in"  # the expected outcome for anyone signed out: a redirect to the sign-in page
FAMILY_CHILD = "family child"  # a brother or sister added: sent on to the new child's first step


@dataclass(frozen=True)
class Route:
    """One request, and what each person gets: a status code, SIGN_IN, or a URL name redirected to."""

    id: str
    name: str
    method: str = "get"
    on: str | None = None  # "draft" or "submitted": the owner's assessment the URL names
    step: str | None = None  # a step's name; its POST sends a complete, valid form
    extra_args: tuple[str, ...] = ()
    data: dict | Callable[[Assessment], dict] = field(default_factory=dict)
    lists: bool = False  # a list of assessments (the owner's, or the lead's queue), not one
    expected: dict = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.method == "post"


def outcomes(default, **by_actor) -> dict:
    table = dict.fromkeys(ACTORS, default)
    table[ANONYMOUS] = SIGN_IN
    table.update(by_actor)
    return table


def practitioner_page(ok=200, outsider=None) -> dict:
    """Practitioners' own pages: any practitioner; not leads or admins."""
    return outcomes(403, owner=ok, colleague=ok, outsider=ok if outsider is None else outsider)


def read_draft(ok=200) -> dict:
    """Reading a draft: its owner alone; it is not sent, so no lead sees it."""
    return outcomes(404, owner=ok)


def read_submitted(ok=200) -> dict:
    """Reading a sent assessment: its owner and the leads of its partnership."""
    return outcomes(404, owner=ok, lead=ok)


def write(on: str, ok) -> dict:
    """Changing an assessment: only practitioners write (403 for leads and admins); only the owner's own
    (404 for other practitioners: they cannot tell it exists); only a draft (403 for the owner once sent)."""
    return outcomes(403, owner=ok if on == "draft" else 403, colleague=404, outsider=404)


def lead_page(ok, other_lead=404) -> dict:
    """The lead's pages: leads only; a lead of another partnership cannot tell the assessment exists."""
    return outcomes(403, lead=ok, other_lead=other_lead)


def review_data(assessment: Assessment) -> dict:
    return {"revision": assessment.revision, "notes": "Spoke to the school; the plan is agreed."}


def assign_data(assessment: Assessment) -> dict:
    return {"assignee": User.objects.get(username=LEAD).pk}


def escalation_data(assessment: Assessment) -> dict:
    return {"revision": assessment.escalations.get().revision, "action": "note", "text": "Spoke to the manager."}


def step_routes(on: str) -> list[Route]:
    routes = []
    for step in STEPS:
        routes.append(Route(f"step-{step}-get-{on}", "referrals:step", on=on, step=step, expected=write(on, 200)))
        next_page = "referrals:overview" if step == STEPS[-1] else "referrals:step"
        routes.append(
            Route(f"step-{step}-post-{on}", "referrals:step", "post", on=on, step=step, expected=write(on, next_page))
        )
    return routes


ROUTES = [
    Route(
        "home",
        "home",
        expected=outcomes(
            "referrals:queue",
            owner="referrals:mine",
            colleague="referrals:mine",
            outsider="referrals:mine",
            admin="admin:index",
        ),
    ),
    # The pages people expect (issue 14): public, for everyone, signed in or not.
    Route("accessibility", "accessibility", expected=outcomes(200, anonymous=200)),
    Route("privacy", "privacy", expected=outcomes(200, anonymous=200)),
    # Health and readiness probes (issue 19): public, no session, the same answer for everyone.
    Route("healthz", "healthz", expected=outcomes(200, anonymous=200)),
    Route("readyz", "readyz", expected=outcomes(200, anonymous=200)),
    Route("mine", "referrals:mine", lists=True, expected=practitioner_page()),
    Route("choose", "referrals:choose", expected=practitioner_page()),
    Route("new-get", "referrals:new", extra_args=("sefton", "sefton"), expected=practitioner_page(outsider=404)),
    Route(
        "new-post",
        "referrals:new",
        "post",
        extra_args=("sefton", "sefton"),
        data={"indicators": ["learning-3-01"]},
        expected=practitioner_page(ok="referrals:step", outsider=404),
    ),
    *[
        Route(f"{name.split(':')[1]}-{on}", name, on=on, expected=read_draft() if on == "draft" else read_submitted())
        for name in ("referrals:overview", "referrals:summary", "referrals:summary-pdf")
        for on in ("draft", "submitted")
    ],
    *step_routes("draft"),
    *step_routes("submitted"),
    Route("submit-get-draft", "referrals:submit", on="draft", expected=write("draft", 200)),  # check your answers
    Route("submit-get-submitted", "referrals:submit", on="submitted", expected=write("submitted", 403)),
    # The "What you have seen" step's live panel (issue 18): as editing the step; it stores nothing.
    *[
        Route(
            f"indicators-panel-{on}",
            "referrals:indicators-panel",
            "post",
            on=on,
            data={"indicators": ["learning-3-01"]},
            expected=write(on, 200),
        )
        for on in ("draft", "submitted")
    ],
    # Moving a draft to the guidance that replaced its version (issue 18): its owner only, drafts only. The
    # matrix's draft is on current guidance, so its owner is sent back to the overview with nothing moved.
    *[
        Route(f"move-guidance-{method}-{on}", "referrals:move-guidance", method, on=on, expected=write(on, ok))
        for method in ("get", "post")
        for on, ok in (("draft", "referrals:overview"), ("submitted", 403))
    ],
    # Starting from the practitioner's own earlier assessment (issue 17): only the owner, only a draft. Naming the
    # assessment itself as the source is refused with a message, back to the child step (nothing copied).
    *[
        Route(
            f"start-from-{on}",
            "referrals:start-from",
            "post",
            on=on,
            data=lambda a: {"source": str(a.pk)},
            expected=write(on, "referrals:step"),
        )
        for on in ("draft", "submitted")
    ],
    Route("submit-draft", "referrals:submit", "post", on="draft", expected=write("draft", "referrals:overview")),
    Route("submit-submitted", "referrals:submit", "post", on="submitted", expected=write("submitted", 403)),
    # A family (issue 17): only the owner adds a brother or sister or takes a child out, only while a draft.
    Route("family-add-draft", "referrals:family-add", "post", on="draft", expected=write("draft", FAMILY_CHILD)),
    Route("family-add-submitted", "referrals:family-add", "post", on="submitted", expected=write("submitted", 403)),
    Route(  # a single child is in no family: refused with a message on the overview, nothing changed
        "family-remove-draft",
        "referrals:family-remove",
        "post",
        on="draft",
        expected=write("draft", "referrals:overview"),
    ),
    Route(
        "family-remove-submitted",
        "referrals:family-remove",
        "post",
        on="submitted",
        expected=write("submitted", 403),
    ),
    # Deleting a draft (issue 18): its owner alone, only while it is a draft; a confirmation page first.
    Route("delete-get-draft", "referrals:delete", on="draft", expected=write("draft", 200)),
    Route("delete-get-submitted", "referrals:delete", on="submitted", expected=write("submitted", 403)),
    Route("delete-post-draft", "referrals:delete", "post", on="draft", expected=write("draft", "referrals:mine")),
    Route("delete-post-submitted", "referrals:delete", "post", on="submitted", expected=write("submitted", 403)),
    # The safeguarding lead's pages: leads only (403 for everyone else), their own partnership's sent assessments.
    Route("queue", "referrals:queue", lists=True, expected=lead_page(ok=200, other_lead=200)),
    Route("dashboard", "referrals:dashboard", lists=True, expected=lead_page(ok=200, other_lead=200)),
    # The returns CSV (issue 16): leads only, their own partnership's sent assessments, references and no names.
    Route("dashboard-csv", "referrals:dashboard-csv", lists=True, expected=lead_page(ok=200, other_lead=200)),
    Route("review-get-draft", "referrals:review", on="draft", expected=lead_page(ok=404)),
    Route("review-get-submitted", "referrals:review", on="submitted", expected=lead_page(ok=200)),
    Route("review-post-draft", "referrals:review", "post", on="draft", data=review_data, expected=lead_page(ok=404)),
    Route(
        "review-post-submitted",
        "referrals:review",
        "post",
        on="submitted",
        data=review_data,
        expected=lead_page(ok="referrals:review"),
    ),
    # Assigning (issue 18): a lead of the partnership it was sent to assigns it to a lead of that partnership.
    Route("assign-draft", "referrals:assign", "post", on="draft", data=assign_data, expected=lead_page(ok=404)),
    Route(
        "assign-submitted",
        "referrals:assign",
        "post",
        on="submitted",
        data=assign_data,
        expected=lead_page(ok="referrals:review"),
    ),
    Route("assign-get-submitted", "referrals:assign", on="submitted", expected=lead_page(ok=405, other_lead=405)),
    # Subject access: everything held about the child, for a lead of the partnership it was sent to only.
    Route("subject-access-draft", "referrals:subject-access", on="draft", expected=lead_page(ok=404)),
    Route("subject-access-submitted", "referrals:subject-access", on="submitted", expected=lead_page(ok=200)),
    Route(
        "subject-access-post-submitted",
        "referrals:subject-access",
        "post",
        on="submitted",
        expected=lead_page(ok=405, other_lead=405),  # the method is refused before the record is looked up
    ),
    # The same child across assessments (issue 17): a lead of the partnership only; another's lead cannot tell
    # the assessment exists, and their search finds nothing of this partnership.
    *[
        Route(
            f"child-link-{on}",
            "referrals:child-link",
            "post",
            on=on,
            extra_args=(str(LINK_ID),),
            data={"decision": "confirm"},
            expected=lead_page(ok="referrals:review" if on == "submitted" else 404),
        )
        for on in ("draft", "submitted")
    ],
    Route("chronology-draft", "referrals:chronology", on="draft", expected=lead_page(ok=404)),
    Route("chronology-submitted", "referrals:chronology", on="submitted", expected=lead_page(ok=200)),
    Route("child-search", "referrals:child-search", lists=True, expected=lead_page(ok=200, other_lead=200)),
    Route(
        "child-search-post",
        "referrals:child-search",
        "post",
        lists=True,
        data={"nhs_number": NHS_NUMBER, "reason": "reviewing"},
        expected=lead_page(ok=200, other_lead=200),
    ),
    # Professional disagreement: the owner and their partnership's leads see it; only the owner raises one,
    # and only once decided; both record its steps.
    Route("disagreement-get-draft", "referrals:disagreement", on="draft", expected=outcomes(404)),
    *[
        Route(f"disagreement-get-{on}", "referrals:disagreement", on=on, expected=read_submitted())
        for on in ("submitted", "decided", "escalated")
    ],
    Route(
        "disagreement-raise-submitted",
        "referrals:disagreement",
        "post",
        on="submitted",
        data={"reason": "I disagree."},
        expected=outcomes(404, owner=403, lead=403),
    ),
    Route(
        "disagreement-raise-decided",
        "referrals:disagreement",
        "post",
        on="decided",
        data={"reason": "I disagree."},
        expected=outcomes(404, owner="referrals:disagreement", lead=403),
    ),
    Route(
        "disagreement-record-escalated",
        "referrals:disagreement",
        "post",
        on="escalated",
        data=escalation_data,
        expected=outcomes(404, owner="referrals:disagreement", lead="referrals:disagreement"),
    ),
    # Notifications (issue 15): anyone signed in, only their own messages and choices.
    Route("notifications", "referrals:notifications", expected=outcomes(200)),
    Route(
        "notifications-read",
        "referrals:notifications",
        "post",
        data={"read": "1"},
        expected=outcomes("referrals:notifications"),
    ),
    Route(
        "notifications-preferences",
        "referrals:notifications",
        "post",
        data={"preferences": "1"},
        expected=outcomes("referrals:notifications"),
    ),
    Route(
        "notifications-preferences-bad",
        "referrals:notifications",
        "post",
        data={"preferences": "1", "email_on": ["no-such-kind"]},
        expected=outcomes(200),  # the page again, with the error summary; nothing saved
    ),
    # The portal's own signed-in pages (issue 14): the security log and the second factor.
    Route("security-log", "security_log", lists=True, expected=outcomes(403, lead=200, other_lead=200)),
    Route(  # someone with no authenticator app yet is sent to set one up
        "second-factor",
        "second_factor",
        expected=outcomes(200, **dict.fromkeys((OWNER, COLLEAGUE, OUTSIDER), "second_factor_setup")),
    ),
    Route("second-factor-set-up", "second_factor_setup", expected=outcomes(200)),
    # The timeout warning's "Stay signed in" (issue 18): anyone signed in; JSON, so 401 once signed out.
    Route("session-extend", "session_extend", "post", expected=outcomes(200, anonymous=401)),
    Route(  # new recovery codes only after passing the second factor this session
        "second-factor-recovery-codes",
        "second_factor_codes",
        "post",
        expected=outcomes(200, **dict.fromkeys((OWNER, COLLEAGUE, OUTSIDER), "second_factor")),
    ),
]


@pytest.fixture
def people() -> dict:
    made = {
        actor: UserFactory(username=actor, role=role, partnership=partnership(slug))
        for actor, (role, slug) in PEOPLE.items()
    }
    made[ANONYMOUS] = None
    return made


@pytest.fixture
def assessments(people) -> dict[str, Assessment]:
    made = {
        "draft": AssessmentFactory(owner=people[OWNER], child_name=CHILD),
        "submitted": AssessmentFactory(owner=people[OWNER], child_name=CHILD, submitted=True, nhs_number=NHS_NUMBER),
        "decided": decided(lead=people[LEAD], owner=people[OWNER], child_name=CHILD),
        "escalated": escalated(people, AssessmentFactory(owner=people[OWNER], child_name=CHILD, submitted=True)),
    }
    ChildLink.objects.create(
        pk=LINK_ID,
        earlier=made["decided"],
        later=made["submitted"],
        partnership=made["submitted"].partnership,
        reason="The same name and date of birth",
    )
    return made


def escalated(people: dict, assessment: Assessment) -> Assessment:
    assessment = decided(assessment, lead=people[LEAD])
    escalation_raise(assessment=assessment, raised_by=people[OWNER], reason="The level is too low.")
    return assessment


def _url(route: Route, assessment: Assessment | None) -> str:
    args = [assessment.pk] if assessment else []
    if route.step:
        args.append(route.step)
    return reverse(route.name, args=[*args, *route.extra_args])


def _data(route: Route, assessment: Assessment | None) -> dict:
    if route.step and route.writes:
        return form_data(assessment, route.step)
    return route.data(assessment) if callable(route.data) else route.data


def _state(assessment: Assessment | None):
    if assessment is None:
        return Assessment.objects.count()
    row = Assessment.objects.get(pk=assessment.pk)
    disagreements = list(EscalationEntry.objects.filter(escalation__assessment=row).values_list("pk", flat=True))
    return (
        row.revision,
        row.updated,
        row.status,
        row.child_name,
        row.practitioner_level,
        row.indicators,
        row.deleted_at,
        row.assigned_to_id,
        disagreements,
    )


def _redirect(route: Route, name: str, assessment: Assessment | None, made: Assessment | None) -> str:
    """Where a request that was allowed sends its sender on."""
    if name == FAMILY_CHILD:
        return reverse("referrals:step", args=[made.pk, STEPS[0]])
    if route.name == "referrals:start-from":  # refused (the source is itself): back to the child step
        return reverse(name, args=[assessment.pk, STEPS[0]])
    if name == "referrals:step" and assessment is None:  # a new assessment starts at its first step
        return reverse(name, args=[made.pk, STEPS[0]])
    if name == "referrals:step":
        return reverse(name, args=[assessment.pk, STEPS[STEPS.index(route.step) + 1]])
    if name == "referrals:mine":
        return reverse(name)
    return reverse(name, args=[assessment.pk] if name.startswith("referrals:") and assessment else [])


SHOWS_THE_CHILD = {
    "referrals:mine",
    "referrals:submit",
    "referrals:overview",
    "referrals:summary",
    "referrals:queue",
    "referrals:review",
    "referrals:subject-access",
    "referrals:chronology",
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_permission_matrix(client, people, assessments, route: Route, actor: str):
    assessment = assessments.get(route.on)
    if people[actor] is not None:
        client.force_login(people[actor])
    before = _state(assessment)
    existing = set(Assessment.objects.values_list("pk", flat=True))

    response = getattr(client, route.method)(_url(route, assessment), _data(route, assessment))

    expected = route.expected[actor]
    location = response.get("Location", "")
    made = Assessment.objects.exclude(pk__in=existing).first()
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert location.startswith(reverse("login") + "?next=")
    elif isinstance(expected, int):
        assert response.status_code == expected, response.content[:300]
    else:  # allowed, and sent on to the named page
        assert response.status_code == 302, response.content[:300]
        assert location == _redirect(route, expected, assessment, made)

    allowed = expected == 200 or (isinstance(expected, str) and expected != SIGN_IN)
    if not (allowed and route.writes):
        assert _state(assessment) == before, "a request that may not write changed something"
        assert made is None
    if route.name == "referrals:dashboard-csv" and expected == 200:
        content = b"".join(response.streaming_content)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert CHILD.encode() not in content
        assert (assessments["submitted"].reference in content.decode()) == (actor == LEAD)
        return  # a streamed download: its content is checked here
    may_see_the_child = actor == OWNER or (actor == LEAD and (route.on not in (None, "draft") or route.lists))
    if not may_see_the_child:
        assert CHILD.encode() not in response.content
    elif allowed and route.method == "get" and (route.name in SHOWS_THE_CHILD or route.step == "child"):
        assert CHILD in response.content.decode()
    if route.name == "referrals:summary-pdf" and expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    if route.name == "referrals:subject-access" and expected == 200:
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "no-store"
        assessment.refresh_from_db()
        assert response["Content-Disposition"] == (f'attachment; filename="subject-access-{assessment.reference}.json"')
    assert CHILD not in location


def test_the_table_covers_every_assessment_url():
    """A new URL in referrals/urls.py must be added to ROUTES (with who may use it)."""
    from referrals.urls import urlpatterns

    covered = {r.name.removeprefix("referrals:") for r in ROUTES}
    assert {p.name for p in urlpatterns} <= covered
    signed_in_portal_pages = {"security_log", "second_factor", "second_factor_setup", "second_factor_codes"}
    assert signed_in_portal_pages <= covered
    assert {"healthz", "readyz"} <= covered
    assert {r.step for r in ROUTES if r.step} == set(STEPS)
    assert all(set(r.expected) == set(ACTORS) for r in ROUTES)


def test_no_url_or_page_link_carries_the_childs_name(client, people, assessments):
    """The child's name is never in a URL: not in links, forms, redirects, the PDF's file name."""
    client.force_login(people[OWNER])
    seen: list[str] = []
    for route in ROUTES:
        if route.expected[OWNER] in (403, 404):
            continue
        assessment = assessments.get(route.on)
        url = _url(route, assessment)
        response = getattr(client, route.method)(url, _data(route, assessment))
        seen += [url, response.get("Location", ""), response.get("Content-Disposition", "")]
        if response["Content-Type"].startswith("text/html"):
            seen += re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode())
    assert len(seen) > 100
    words = [w.lower() for w in CHILD.split()]
    offenders = [u for u in seen if any(w in u.lower() for w in words)]
    assert offenders == []


def test_the_assessment_as_text_never_names_the_child(assessments):
    for assessment in assessments.values():
        for text in (str(assessment), repr(assessment), str(assessment.history.first())):
            assert assessment.reference in text
            assert "Zephyrine" not in text and "Quillfeather" not in text


def test_a_partnership_admin_has_no_assessments_in_the_admin_site(client, people, assessments):
    client.force_login(people[ADMIN])
    assert client.get("/admin/").status_code in (200, 302)
    response = client.get("/admin/referrals/assessment/")
    assert response.status_code == 404
    assert CHILD.encode() not in response.content


def test_queryset_visible_to_is_the_single_rule(people, assessments):
    draft, sent, decided, escalated = (assessments[k] for k in ("draft", "submitted", "decided", "escalated"))
    other = AssessmentFactory(owner=people[OUTSIDER], submitted=True)

    def visible(actor: str) -> set:
        user = people[actor]
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        return set(Assessment.objects.visible_to(user))

    assert visible(OWNER) == {draft, sent, decided, escalated}
    assert visible(COLLEAGUE) == set()
    assert visible(LEAD) == {sent, decided, escalated}
    assert visible(OTHER_LEAD) == {other}
    assert visible(OUTSIDER) == {other}
    assert visible(ADMIN) == set()
    assert visible(ANONYMOUS) == set()


def test_refusals_use_the_portals_own_pages(client, people, assessments):
    """403 and 404 pages in the GOV.UK layout, with a way on, and nothing about the assessment."""
    client.force_login(people[COLLEAGUE])
    refused = client.get(reverse("referrals:queue"))
    assert refused.status_code == 403 and "You cannot do that" in refused.content.decode()
    hidden = client.get(reverse("referrals:overview", args=[assessments["submitted"].pk]))
    page = hidden.content.decode()
    assert hidden.status_code == 404 and "Page not found" in page and "govuk-service-navigation" in page
    assert CHILD not in page and assessments["submitted"].reference not in page
