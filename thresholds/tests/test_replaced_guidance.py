"""Issue 18, item 9: publishing a new version. Each version carries its own version label and date; the start page
lists each partnership's current guidance once, the older versions under "Replaced guidance"; the old URL says
which version replaced it, with a link; the replaced-guidance lookup follows successors to the current version."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from thresholds import models, versioning
from thresholds.selectors import framework_replacing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user():
    partnership = models.Framework.objects.get(slug="sefton").partnership
    return User.objects.create_user(
        "sefton-admin", password="a-long-enough-password", role=User.Role.ADMIN, partnership=partnership, is_staff=True
    )


@pytest.fixture
def published(admin_user) -> models.Framework:
    """Sefton's guidance drafted again and published as version 2."""
    return versioning.publish(
        versioning.draft_from(models.Framework.objects.get(slug="sefton"), user=admin_user), user=admin_user
    )


def test_a_published_version_carries_its_own_version_label_and_date(published):
    old = models.Framework.objects.get(slug="sefton")
    today = timezone.localdate()
    assert (published.version, published.published) == ("version 2", today)
    assert published.edition == f"Version 2, {today.day} {today:%B %Y}"
    assert old.edition == "January 2020" and old.published == date(2020, 1, 1)  # the old version keeps its own
    assert old.status == "superseded"


def test_a_date_the_admin_gave_the_draft_is_kept(admin_user):
    draft = versioning.draft_from(models.Framework.objects.get(slug="sefton"), user=admin_user)
    draft.published, draft.published_text = date(2026, 10, 1), "October 2026"
    draft.save()
    new = versioning.publish(draft, user=admin_user)
    assert new.edition == "Version 2, October 2026"


def test_the_replaced_guidance_lookup_follows_successors_to_the_current_version(admin_user, published):
    old = models.Framework.objects.get(slug="sefton")
    assert framework_replacing(old) == published
    assert framework_replacing(published) is None  # current: nothing replaced it
    third = versioning.publish(versioning.draft_from(published, user=admin_user), user=admin_user)
    old.refresh_from_db()
    assert old.successor == published  # the chain: sefton -> v2 -> v3
    assert framework_replacing(old) == third
    # Another partnership's successor (Worcestershire 2017 was replaced by the joint 2025 guidance).
    assert framework_replacing(models.Framework.objects.get(slug="worcestershire-2017")).slug == "hw-2025"
    # A chain that ends nowhere falls back to the partnership's current guidance.
    models.Framework.objects.filter(pk=old.pk).update(successor=None)
    old.refresh_from_db()
    assert framework_replacing(old) == third


def test_the_start_page_lists_current_guidance_once_and_replaced_versions_under_their_own_heading(client, published):
    page = client.get(reverse("start")).content.decode()
    heading = page.index("Replaced guidance</h3>")
    current = [i for i in range(len(page)) if page.startswith('value="sefton-v2/sefton"', i)]
    assert len(current) == 1 and current[0] < heading  # the current version once, above the heading
    assert page.index('value="sefton/sefton"') > heading  # the replaced one below it
    assert f"Sefton’s Level of Need - Guidance, {published.edition}." in page
    assert "Sefton’s Level of Need - Guidance, January 2020. Replaced by Sefton’s Level of Need - Guidance, " in page
    response = client.get(reverse("start"), {"guidance": "sefton/sefton", "choose": "Continue"})
    assert response["Location"] == reverse("thresholds:check", args=["sefton", "sefton"])  # still reachable


def test_the_old_url_says_which_version_replaced_it_with_a_link(client, published):
    page = client.get(reverse("thresholds:check", args=["sefton", "sefton"])).content.decode()
    assert f"This guidance was replaced by Sefton’s Level of Need - Guidance, {published.edition}." in page
    assert f'href="{reverse("thresholds:check", args=["sefton-v2", "sefton"])}"' in page
    current = client.get(reverse("thresholds:check", args=["sefton-v2", "sefton"])).content.decode()
    assert "This guidance was replaced" not in current
