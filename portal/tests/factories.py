"""factory-boy factories for people and assessments.

The partnerships and their guidance come from the framework fixtures (loaded once per test database by
the root conftest.py, or by the `frameworks` fixture in live-server tests), so the factories look them up
rather than invent them: `UserFactory(role=User.Role.LEAD, partnership=partnership("stoke-on-trent"))`.

`AssessmentFactory()` is a complete draft, ready to send: the child, ticked indicators with the engine's
suggestion stored as the service stores it, the practitioner's judgement (the suggested level unless
given), the child's voice, and consent given. `AssessmentFactory(submitted=True)` has been sent.

The two ways every test builds people and decisions: `make_user("pat", role=Role.LEAD, slug="stoke-on-trent")`
and `decided(lead=lead, owner=owner)` (or `decided(assessment, lead=lead)` for one already sent), which records
the lead's decision through `review_save`, as the review page does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import zip_longest

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from faker import Faker

from portal.access import Role
from portal.models import Organisation, User
from referrals.assessments.services import assessment_record_indicators
from referrals.dashboard.marks import sent_count_add
from referrals.models import Assessment
from referrals.review.services import ReviewInput, review_save
from thresholds.engine import LONDON
from thresholds.models import Framework, Partnership
from thresholds.snapshot import cached_snapshot

FAKE = Faker("en_GB")
PASSWORD = "correct-horse-battery-staple"  # every factory user's password: long enough for the validators
SUGGESTED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday morning: offices open

# The three partnerships with current guidance (slug, name), as in the fixtures.
PARTNERSHIPS = {
    "sefton": "Sefton Safeguarding Children Partnership",
    "stoke-on-trent": "Stoke-on-Trent Safeguarding Children Board",
    "herefordshire-worcestershire": "Herefordshire and Worcestershire",
}


class PartnershipFactory(DjangoModelFactory):
    """Finds a partnership by slug (the fixtures made it) and only creates one that is not there."""

    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    slug = "sefton"
    name = factory.LazyAttribute(lambda o: PARTNERSHIPS.get(o.slug, o.slug.replace("-", " ").title()))


def partnership(slug: str = "sefton") -> Partnership:
    return PartnershipFactory(slug=slug)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("partnership", "name")

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Test Primary School {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = User.Role.PRACTITIONER
    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory, partnership=factory.SelfAttribute("..partnership"))
    is_staff = factory.LazyAttribute(lambda o: o.role == User.Role.ADMIN)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805 - factory-boy passes the object first
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


def make_user(username: str | None = None, *, role: Role = Role.PRACTITIONER, slug: str = "sefton", **fields) -> User:
    """A person of `role` working in the partnership `slug` (password PASSWORD; admins are staff)."""
    named = {"username": username} if username else {}
    return UserFactory(**named, role=role, partnership=partnership(slug), **fields)


def current_framework(partnership: Partnership) -> Framework:
    return Framework.objects.get(partnership=partnership, status=Framework.Status.CURRENT)


def spread_codes(framework: Framework, count: int, *, max_level: int = 4) -> list[str]:
    """`count` indicator codes, at least one at `max_level`, spread through the document's levels and domains."""
    by_level: dict[int, list[str]] = {}
    for info in cached_snapshot(framework).indicators.values():
        if info.level <= max_level:
            by_level.setdefault(info.level, []).append(info.code)
    if max_level not in by_level or count > sum(len(codes) for codes in by_level.values()):
        raise ValueError(f"{framework.slug} has too few indicators up to level {max_level} for {count}")
    # Levels in turn, the highest first; within a level every fifth indicator first (other domains, not neighbours).
    queues = [[c for n in range(5) for c in by_level[level][n::5]] for level in sorted(by_level, reverse=True)]
    spread = [code for column in zip_longest(*queues) for code in column if code is not None]
    return spread[:count]


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    class Params:
        ticks = 3  # how many indicators are ticked (spread through the document)
        max_level = 3  # the highest level ticked: 3 keeps "consent given" the natural answer
        submitted = factory.Trait(
            status=Assessment.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    owner = factory.SubFactory(UserFactory)
    partnership = factory.SelfAttribute("owner.partnership")
    framework = factory.LazyAttribute(lambda o: current_framework(o.partnership))
    area = factory.LazyAttribute(lambda o: next(iter(cached_snapshot(o.framework).areas)))

    child_name = factory.LazyFunction(lambda: f"{FAKE.first_name()} {FAKE.last_name()}")
    unborn = False
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7 * 365 + 40))
    address = "14 Orchard Close\nBootle\nL20 3AB"
    household = (
        "Mother (34), her partner (38, not the child's father), and two half-siblings aged 2 and 4. "
        "The maternal grandmother stays most weekends."
    )
    parents_carers = "Mother has parental responsibility. Father lives in Leeds and has contact every other Saturday."
    agencies = "St Mary's Primary School (Mrs Khan, designated safeguarding lead); GP at Park Lane surgery."

    indicators = factory.LazyAttribute(lambda o: spread_codes(o.framework, o.ticks, max_level=o.max_level))
    practitioner_level = None  # None: the practitioner agrees with the suggestion
    level_rationale = ""

    child_voice = factory.Faker("paragraph", nb_sentences=4, locale="en_GB")
    worries = factory.Faker("paragraph", nb_sentences=5, locale="en_GB")
    working_well = factory.Faker("paragraph", nb_sentences=3, locale="en_GB")
    needs_to_happen = factory.Faker("paragraph", nb_sentences=3, locale="en_GB")

    consent = Assessment.Consent.GIVEN
    consent_given_by = "The child's mother"
    consent_given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Work out and store the suggestion as `assessment_record_indicators` does, then save once."""
        assessment = model_class(*args, **kwargs)
        assessment_record_indicators(
            assessment=assessment, codes=list(assessment.indicators), at=SUGGESTED_AT, save=False
        )
        if assessment.practitioner_level is None:
            assessment.practitioner_level = assessment.suggested_level
        assessment.save()
        if assessment.status != Assessment.Status.DRAFT:  # made sent: counted as `assessment_submit` counts it
            sent_count_add(partnership_id=assessment.partnership_id)
        return assessment


def decided(assessment: Assessment | None = None, *, lead: User, outcome: str = "Signposting", **factory) -> Assessment:
    """A sent assessment (made by AssessmentFactory(submitted=True, **factory) unless given) with `lead`'s
    decision recorded through `review_save`: the guidance's first RAG rating, agreeing with the level,
    with `outcome` (a complete decision: issue 13)."""
    if assessment is None:
        assessment = AssessmentFactory(submitted=True, **factory)
    rating = assessment.framework.rag_ratings.order_by("order").first()
    decision = ReviewInput(
        rag=rating.name if rating else "",
        decision="agree",
        decided_level=None,
        decision_rationale="Recorded by the test set-up" if "no further action" in outcome.lower() else "",
        outcome=outcome,
        notes="",
    )
    review_save(assessment=assessment, lead=lead, data=decision, seen_revision=assessment.revision)
    assessment.refresh_from_db()
    return assessment


def form_data(assessment: Assessment, step: str) -> dict:
    """What a browser sends for one step of this assessment, as the forms expect it (all fields filled)."""

    def date_parts(name: str, value) -> dict:
        parts = (value.day, value.month, value.year) if value else ("", "", "")
        return {f"{name}_{n}": str(part) for n, part in enumerate(parts)}

    a = assessment
    if step == "child":
        return {
            "child_name": a.child_name,
            **({"unborn": "on"} if a.unborn else {}),
            **date_parts("date_of_birth", a.date_of_birth),
            **date_parts("expected_due_date", a.expected_due_date),
            "address": a.address,
            "household": a.household,
            "parents_carers": a.parents_carers,
            "agencies": a.agencies,
        }
    if step == "indicators":
        return {"indicators": list(a.indicators), "q": "", "at": ""}
    if step == "judgement":
        return {"practitioner_level": str(a.practitioner_level or ""), "level_rationale": a.level_rationale}
    if step == "voice":
        return {
            "child_voice": a.child_voice,
            "worries": a.worries,
            "working_well": a.working_well,
            "needs_to_happen": a.needs_to_happen,
        }
    if step == "consent":
        return {
            "consent": a.consent,
            "consent_given_by": a.consent_given_by,
            **date_parts("consent_given_on", a.consent_given_on),
            "consent_ground": a.consent_ground,
            "consent_reason": a.consent_reason,
        }
    raise ValueError(f"no such step: {step}")
