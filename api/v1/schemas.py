"""The JSON shapes of the integration API, version 1: the published OpenAPI schema is generated from these.

A contract: a field may be added, never renamed or removed, within v1.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field


class Error(Schema):
    error: str = Field(description="What went wrong, in words; never child data.")


class Pending(Schema):
    status: Literal["pending"]
    retry_after: int = Field(description="Seconds to wait before asking again (also the Retry-After header).")
    message: str


# --- Frameworks (public) ------------------------------------------------------------------------------------


class FrameworkSummary(Schema):
    slug: str
    partnership: str
    partnership_slug: str
    title: str
    published: date
    status: str
    successor: str | None
    url: str = Field(description="This framework's JSON (levels, domains, indicators, pathways, contacts).")


class FrameworkLevel(Schema):
    model_config = ConfigDict(extra="allow")
    number: int
    name: str


class FrameworkIndicator(Schema):
    code: str
    level: int
    group: str
    domain: str
    text: str = Field(description="The document's own words.")


class FrameworkExport(Schema):
    """One framework as `python manage.py export_frameworks` gives it (every key it has)."""

    model_config = ConfigDict(extra="allow")
    slug: str
    partnership: str
    title: str
    published: str
    status: str
    source_document: Any = None
    areas: list[dict[str, Any]]
    levels: list[FrameworkLevel]
    indicators: list[FrameworkIndicator]
    contacts: list[dict[str, Any]]
    pathways: list[dict[str, Any]]


class SuggestIn(Schema):
    indicators: list[str] = Field(default_factory=list, description="Indicator codes, as in the framework's JSON.")
    area: str | None = Field(None, description="An area code of the framework.")
    at: str | None = Field(None, description="A date and time (ISO 8601); Europe/London when no zone is given.")


class SuggestionOut(Schema):
    """The suggestion, as `python manage.py suggest` prints it."""

    model_config = ConfigDict(extra="allow")
    framework: str
    area: str | None
    at: str
    level: int | None
    level_name: str | None
    reasons: list[dict[str, Any]]
    advisory: dict[str, Any] | None
    pathway: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    emergency: dict[str, Any]


# --- Referrals (a token) ------------------------------------------------------------------------------------

Status = Literal["submitted", "in_review", "decided"]


class ReferralItem(Schema):
    id: UUID
    reference: str
    status: Status
    suggested_level: int | None = Field(description="The level the indicators suggested when it was made.")
    put_forward_level: int | None = Field(description="The practitioner's judgement, else the suggested level.")
    rag: str | None
    sent_at: datetime | None
    decided_at: datetime | None
    decided_level: int | None
    outcome: str | None


class ReferralList(Schema):
    items: list[ReferralItem]
    next: str | None = Field(description="The next page's URL (same filters, a cursor); null on the last page.")


class Person(Schema):
    name: str
    organisation: str | None


class Guidance(Schema):
    slug: str
    title: str
    partnership: str
    published: date
    published_text: str
    version: str
    status: str
    successor: str | None = Field(description="The framework that replaced it, if it was replaced since.")


class Child(Schema):
    name: str
    unborn: bool
    date_of_birth: date | None
    expected_due_date: date | None
    address: str
    nhs_number: str = Field(description="10 digits, check digit valid; empty when the practitioner had none.")
    upn: str = Field(description="The school's unique pupil number; empty when the practitioner had none.")


class Sibling(Schema):
    """A brother or sister sent in the same referral (a family in one submission): each has its own record."""

    id: UUID
    reference: str
    name: str
    unborn: bool
    date_of_birth: date | None
    suggested_level: int | None
    put_forward_level: int | None
    decided_level: int | None
    outcome: str


class PeopleAround(Schema):
    household: str
    parents_carers: str
    agencies: str


class TickedIndicator(Schema):
    code: str
    text: str = Field(description="The document's own words, as in the guidance version used.")
    level: int
    level_name: str
    domain: str
    group: str


class SuggestionSummary(Schema):
    level: int | None
    level_name: str | None
    worked_out_at: datetime | None
    advisory: dict[str, Any] | None
    reasons: list[dict[str, Any]] = Field(description="The stored suggestion's reasons, by level and domain.")


class Consent(Schema):
    consent: str = Field(description="given, refused, not_sought, or empty when not recorded.")
    given_by: str
    given_on: date | None
    not_sought_because: str = Field(description="harm, investigation, delay, or empty.")
    reasons: str


class DecidedBy(Schema):
    kind: Literal["lead", "api_token"]
    name: str


class Decision(Schema):
    rag: str
    due_by: datetime | None
    decision: str = Field(description="agree, different, or empty while being reviewed.")
    decided_level: int | None
    rationale: str
    outcome: str
    notes: str
    change_reason: str
    decided_at: datetime | None
    decided_by: DecidedBy | None


class ReferralDetail(Schema):
    """Everything the referral PDF holds, as structured JSON."""

    id: UUID
    reference: str
    status: Status
    revision: int = Field(description="Send it back with a decision: a stale one is refused (409).")
    sent_at: datetime | None
    partnership: str
    area: str
    area_name: str
    guidance: Guidance
    practitioner: Person
    child: Child
    family: list[Sibling] = Field(
        description="The brothers and sisters sent in the same referral (empty for a single child); "
        "the people around them and the consent are the family's, the same on each child's record."
    )
    people_around: PeopleAround
    indicators: list[TickedIndicator]
    suggestion: SuggestionSummary
    practitioner_level: int | None
    put_forward_level: int | None
    level_rationale: str
    voice_of_the_child: str
    worries: str
    working_well: str
    needs_to_happen: str
    consent: Consent
    decision: Decision | None


class DecisionIn(Schema):
    """A decision, checked by the same rules as the review page."""

    revision: int = Field(description="The referral's `revision` as you read it.")
    level: int | None = Field(None, description="The level decided (1-4); omit to agree with the level put forward.")
    outcome: str = Field("", description="One of the partnership's outcomes; empty to save a RAG rating only.")
    notes: str = ""
    rag: str = Field("", description="One of the partnership's RAG ratings.")
    decision: Literal["agree", "different", ""] | None = Field(
        None, description="agree or different; worked out from `level` when omitted."
    )
    rationale: str = Field("", description="Why another level (or no further action at level 3 or 4).")
    change_reason: str = Field("", description="Why a decision already made is changed.")


class DecisionResult(Schema):
    id: UUID
    reference: str
    status: Status
    revision: int = Field(description="The referral's new revision.")
    decision: Decision | None
