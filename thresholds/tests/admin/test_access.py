"""thresholds.access as a table: who may enter the admin, and which frameworks and rows each may edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.models import Organisation, User
from thresholds import access, models, versioning

pytestmark = pytest.mark.django_db

HW, SEFTON = "hw-2025", "sefton"

# kind of user -> (role, partnership's framework or None, is_staff, is_superuser, is_active)
PEOPLE: dict[str, tuple[str, str | None, bool, bool, bool]] = {
    "practitioner": (User.Role.PRACTITIONER, HW, False, False, True),
    "practitioner marked staff": (User.Role.PRACTITIONER, HW, True, False, True),
    "lead": (User.Role.LEAD, HW, False, False, True),
    "lead marked staff": (User.Role.LEAD, HW, True, False, True),
    "admin": (User.Role.ADMIN, HW, True, False, True),
    "admin without a partnership": (User.Role.ADMIN, None, True, False, True),
    "admin not staff": (User.Role.ADMIN, HW, False, False, True),
    "inactive admin": (User.Role.ADMIN, HW, True, False, False),
    "superuser": (User.Role.PRACTITIONER, None, True, True, True),
    "superuser not staff": (User.Role.PRACTITIONER, None, False, True, True),
    "inactive superuser": (User.Role.PRACTITIONER, None, True, True, False),
}


def person(kind: str) -> Any:
    if kind == "anonymous":
        return AnonymousUser()
    role, slug, is_staff, is_superuser, is_active = PEOPLE[kind]
    partnership = models.Framework.objects.get(slug=slug).partnership if slug else None
    return User.objects.create_user(
        kind.replace(" ", "-"),
        password="a-long-enough-password",
        role=role,
        partnership=partnership,
        is_staff=is_staff,
        is_superuser=is_superuser,
        is_active=is_active,
    )


# kind -> (can_edit_guidance, frameworks_editable_by count (5 fixtures, one per partnership), can_manage_partnerships)
TABLE = [
    ("anonymous", False, 0, False),
    ("practitioner", False, 0, False),
    ("practitioner marked staff", False, 0, False),
    ("lead", False, 0, False),
    ("lead marked staff", False, 0, False),
    ("admin", True, 1, False),
    ("admin without a partnership", False, 0, False),
    ("admin not staff", False, 0, False),
    ("inactive admin", False, 0, False),
    ("superuser", True, 5, True),
    ("superuser not staff", False, 0, True),
    ("inactive superuser", False, 0, True),
]


@pytest.mark.parametrize(("kind", "edits_guidance", "frameworks", "manages_partnerships"), TABLE)
def test_who_may_edit_guidance_and_which_frameworks(
    kind: str, edits_guidance: bool, frameworks: int, manages_partnerships: bool
) -> None:
    user = person(kind)
    assert models.Framework.objects.count() == 5
    assert access.can_edit_guidance(user) is edits_guidance
    assert access.frameworks_editable_by(user).count() == frameworks
    assert access.can_manage_partnerships(user) is manages_partnerships
    assert access.can_add_rows(user) is False  # no drafts yet: new rows go into a draft
    if kind in PEOPLE:
        assert user.can_edit_guidance is edits_guidance  # what the menu asks


# kind -> may view / edit: HW published, HW draft, Sefton published, Sefton draft
FRAMEWORK_TABLE = [
    ("anonymous", (False, False, False, False), (False, False, False, False)),
    ("lead marked staff", (False, False, False, False), (False, False, False, False)),
    ("admin", (True, True, False, False), (False, True, False, False)),
    ("admin not staff", (False, False, False, False), (False, False, False, False)),
    ("superuser", (True, True, True, True), (False, True, False, True)),
]


def test_who_may_view_and_edit_each_framework() -> None:
    """Every kind of user in the table against one set of drafts: each draft copies a whole framework (hundreds of
    rows), so the drafts are made once, not once per kind."""
    builder = User.objects.create_superuser("builder", password="a-long-enough-password")
    hw, sefton = models.Framework.objects.get(slug=HW), models.Framework.objects.get(slug=SEFTON)
    frameworks = (hw, versioning.draft_from(hw, user=builder), sefton, versioning.draft_from(sefton, user=builder))
    these = [f.pk for f in frameworks]
    for kind, views, edits in FRAMEWORK_TABLE:
        user = person(kind)
        assert tuple(access.can_view_framework(user, f) for f in frameworks) == views, kind
        assert tuple(access.can_edit_framework(user, f) for f in frameworks) == edits, kind
        visible = access.frameworks_editable_by(user).filter(pk__in=these)
        assert set(visible) == {f for f, v in zip(frameworks, views, strict=True) if v}, kind
        assert set(access.drafts_editable_by(user)) == {f for f, e in zip(frameworks, edits, strict=True) if e}, kind
        assert access.can_add_rows(user) is any(edits), kind
        assert access.can_edit_framework(user, None) is False, kind


# kind -> (own partnership's organisation, another's, organisations in general, own partnership, another)
ORGANISATION_TABLE = [
    ("anonymous", False, False, False, False, False),
    ("lead marked staff", False, False, False, False, False),
    ("admin", True, False, True, True, False),
    ("admin not staff", False, False, False, False, False),
    ("superuser", True, True, True, True, True),
]


@pytest.mark.parametrize(
    ("kind", "own", "other", "general", "own_partnership", "other_partnership"), ORGANISATION_TABLE
)
def test_who_keeps_which_organisations_and_sees_which_partnerships(
    kind: str, own: bool, other: bool, general: bool, own_partnership: bool, other_partnership: bool
) -> None:
    hw, sefton = (models.Framework.objects.get(slug=slug).partnership for slug in (HW, SEFTON))
    mine = Organisation.objects.create(partnership=hw, name="A school")
    theirs = Organisation.objects.create(partnership=sefton, name="B school")
    user = person(kind)
    assert (access.can_edit_organisation(user, mine), access.can_edit_organisation(user, theirs)) == (own, other)
    assert access.can_edit_organisation(user, None) is general
    assert set(access.organisations_editable_by(user)) == {o for o, ok in ((mine, own), (theirs, other)) if ok}
    assert (access.can_view_partnership(user, hw), access.can_view_partnership(user, sefton)) == (
        own_partnership,
        other_partnership,
    )
