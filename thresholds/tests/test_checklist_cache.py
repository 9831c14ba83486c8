"""The checklist rendered once per guidance version (issue 19, item 1; issue 18, item 3).

The 373-box checklist's HTML is rendered once per framework version and shared through the cache; a request
only puts `checked` on its ticks. Publishing a new version renders anew; the boxes ticked are exactly those
sent; the snapshot is unpickled once per process; the form checks ticks against a set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User
from thresholds import checklist_html, models, snapshot, versioning
from thresholds.forms import QuickCheckForm
from thresholds.pages import checklist_context

from .helpers import fixture_data

pytestmark = pytest.mark.django_db

SEFTON = "/check/sefton/sefton/"
CODES = [i["code"] for i in fixture_data("sefton")["indicators"]]
BOX = re.compile(
    r'<input class="govuk-checkboxes__input" id="indicator-[^"]+" name="indicators" type="checkbox" '
    r'value="([^"]+)" aria-describedby="[^"]+"( checked)?>'
)
PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the test database hands out ids and content versions again after a rollback
    yield
    cache.clear()


@contextmanager
def checklist_renders() -> Iterator[list[str]]:
    """The names of the templates rendered meanwhile (Django's test instrumentation sends the signal)."""
    names: list[str] = []

    def rendered(sender, template, context, **kwargs) -> None:
        names.append(template.name)

    template_rendered.connect(rendered)
    try:
        yield names
    finally:
        template_rendered.disconnect(rendered)


def ticked_on(page: str) -> set[str]:
    boxes = BOX.findall(page)
    assert len(boxes) == len(CODES)
    return {code for code, checked in boxes if checked}


def test_the_checklist_is_rendered_once_per_version_and_shared_between_processes(client):
    with checklist_renders() as names:
        first = client.get(SEFTON)
        again = client.get(SEFTON)
        ticked = client.post(SEFTON, {"indicators": CODES[:3]})
        checklist_html.forget_memos()  # another process: the shared cache has it
        snapshot.forget_memos()
        other_process = client.get(SEFTON)
    assert names.count(checklist_html.TEMPLATE) == 1
    assert first.status_code == again.status_code == ticked.status_code == other_process.status_code == 200
    assert (
        first.content.count(b"indicator-") == again.content.count(b"indicator-")
        and ticked_on(first.content.decode()) == set()
    )
    assert ticked_on(ticked.content.decode()) == set(CODES[:3])
    assert ticked_on(other_process.content.decode()) == set()


def test_a_filtered_or_refused_list_renders_the_template_with_the_same_boxes(client):
    with checklist_renders() as names:
        filtered = client.get(SEFTON, {"q": "attendance"})
        refused = client.post(SEFTON + "result", {"indicators": []})  # "Select at least one indicator"
    assert names.count(checklist_html.TEMPLATE) == 2
    assert "hidden>" in filtered.content.decode() and "govuk-form-group--error" in refused.content.decode()


def test_publishing_a_new_version_renders_it_anew(client):
    hw = models.Framework.objects.get(slug="hw-2025")
    admin = User.objects.create_user(
        "hw-admin", password="a-long-enough-password", role=User.Role.ADMIN, partnership=hw.partnership, is_staff=True
    )
    url = "/check/{}/herefordshire/"
    with checklist_renders() as names:
        client.get(url.format("hw-2025"))
        client.get(url.format("hw-2025"))
    assert names.count(checklist_html.TEMPLATE) == 1

    draft = versioning.draft_from(hw, user=admin)
    indicator = draft.indicators.order_by("pk").first()
    models.Indicator.objects.filter(pk=indicator.pk).update(text="Reworded in the new version.")
    published = versioning.publish(draft, user=admin)
    with checklist_renders() as names:
        new = client.get(url.format(published.slug))
        client.get(url.format(published.slug))
        old = client.get(url.format("hw-2025"))  # now replaced: its content version went up
    assert names.count(checklist_html.TEMPLATE) == 2
    assert "Reworded in the new version." in new.content.decode()
    assert "Reworded in the new version." not in old.content.decode()


@PROPERTY
@given(ticks=st.sets(st.sampled_from(CODES), max_size=40))
def test_the_boxes_ticked_are_exactly_those_sent(client, ticks):
    page = client.post(SEFTON, {"indicators": sorted(ticks)})
    assert page.status_code == 200
    assert ticked_on(page.content.decode()) == ticks


@PROPERTY
@given(ticks=st.sets(st.sampled_from(CODES)))
def test_the_cached_rendering_is_the_templates_own(ticks):
    framework = models.Framework.objects.get(slug="sefton")
    snap = snapshot.cached_snapshot(framework)
    from_cache = checklist_html.checklist_html(framework=framework, snapshot=snap, ticked=ticks)
    context = {**checklist_context(snap, ticks), "indicator_errors": []}
    assert from_cache == render_to_string(checklist_html.TEMPLATE, context)


def test_the_snapshot_is_unpickled_once_per_process():
    framework = models.Framework.objects.get(slug="sefton")
    snapshot.cached_snapshot(framework)  # built and stored in the shared cache
    snapshot.forget_memos()
    with mock.patch.object(snapshot.cache, "get", wraps=snapshot.cache.get) as reads:
        first = snapshot.cached_snapshot(framework)
        second = snapshot.cached_snapshot(framework)
    assert first is second
    assert reads.call_count == 1


def test_ticks_are_checked_against_a_set_not_the_choices():
    snap = snapshot.cached_snapshot(models.Framework.objects.get(slug="sefton"))
    form = QuickCheckForm(snap, {"indicators": CODES})
    assert list(form.fields["indicators"].choices) == []  # nothing to normalise per request
    assert form.is_valid() and form.cleaned_data["indicators"] == CODES
    refused = QuickCheckForm(snap, {"indicators": [CODES[0], "not-a-code"]})
    assert not refused.is_valid()
    assert refused.errors["indicators"] == ["One of the indicators sent is not in this guidance: start again"]


def test_a_changed_template_renders_anew(client):
    with checklist_renders() as names:
        client.get(SEFTON)
        with mock.patch.object(checklist_html, "template_version", return_value="a-new-template"):
            client.get(SEFTON)
            client.get(SEFTON)
    assert names.count(checklist_html.TEMPLATE) == 2
