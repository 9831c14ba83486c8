"""Versions: draft a copy, compare, validate, publish; published versions stay as they were; the loader keeps out."""

import copy
import json
from datetime import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from portal.models import User
from thresholds import models, versioning
from thresholds.interchange.load import load_directory, load_framework
from thresholds.snapshot import cached_snapshot

from .helpers import fixture_data

pytestmark = pytest.mark.django_db

HW = "hw-2025"
ROW_KINDS = (
    "areas",
    "levels",
    "domains",
    "indicators",
    "services",
    "pathways",
    "rag_ratings",
    "outcomes",
    "decision_timescales",
    "escalation_steps",
    "guidance",
)


@pytest.fixture(autouse=True)
def fresh_cache():
    # Snapshots are cached by slug and content version; a rolled-back test's draft must not leak into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user():
    partnership = models.Framework.objects.get(slug=HW).partnership
    return User.objects.create_user(
        "hw-admin", password="a-long-enough-password", role=User.Role.ADMIN, partnership=partnership, is_staff=True
    )


@pytest.fixture
def draft(admin_user):
    return versioning.draft_from(models.Framework.objects.get(slug=HW), user=admin_user)


def row_counts(framework):
    counts = {kind: getattr(framework, kind).count() for kind in ROW_KINDS}
    counts["windows"] = models.OpeningWindow.objects.filter(service__framework=framework).count()
    counts["pathway links"] = sum(
        p.levels.count() + p.services.count() + p.when_indicators.count() for p in framework.pathways.all()
    )
    return counts


def test_a_draft_is_a_whole_copy_under_a_new_slug(draft):
    published = models.Framework.objects.get(slug=HW)
    assert (draft.slug, draft.version, draft.status) == ("hw-2025-v2", "version 2", "draft")
    assert draft.partnership == published.partnership and draft.successor is None
    assert row_counts(draft) == row_counts(published)
    assert row_counts(draft)["indicators"] == 224 and row_counts(draft)["pathway links"] > 0
    # The copy is the same guidance: only the version differs.
    changes = versioning.diff(draft, published)
    assert [c.field for c in changes.framework] == ["version"]
    assert not changes.indicators_changed and all(s.empty for s in changes.sections)
    # Copied rows point at the draft's own rows, never back at the published version's.
    assert not draft.indicators.exclude(level__framework=draft).exists()
    assert (
        not models.Service.objects.filter(framework=draft, out_of_hours_service__isnull=False)
        .exclude(out_of_hours_service__framework=draft)
        .exists()
    )
    assert (
        not models.Pathway.services.through.objects.filter(pathway__framework=draft)
        .exclude(service__framework=draft)
        .exists()
    )
    assert published.status == "current"


def test_version_numbers_follow_the_slug_and_the_document(admin_user, draft):
    hw = models.Framework.objects.get(slug=HW)
    assert versioning.draft_from(hw, user=admin_user).slug == "hw-2025-v3"  # v2 is taken by `draft`
    hfd = versioning.draft_from(models.Framework.objects.get(slug="herefordshire-2024"), user=admin_user)
    assert (hfd.slug, hfd.version) == ("herefordshire-2024-v3", "Version 3")  # the document is "Version 2"


def test_a_draft_cannot_be_drafted_from(admin_user, draft):
    with pytest.raises(versioning.VersioningError, match="already a draft"):
        versioning.draft_from(draft, user=admin_user)


def test_reword_and_add_then_publish(admin_user, draft):
    published = models.Framework.objects.get(slug=HW)
    first = draft.indicators.order_by("order").first()
    old_text = first.text
    old_version = published.content_version
    assert cached_snapshot(published).indicators[first.code].text == old_text

    first.text = "Reworded by the partnership admin."
    first._history_user = admin_user
    first.save()
    added = models.Indicator(
        framework=draft, code="health-4-99", level=first.level, domain=first.domain, text="A new indicator.", order=999
    )
    added.full_clean()
    added.save()

    changes = versioning.diff(draft, published)
    assert [(r.code, r.before, r.after) for r in changes.indicators_reworded] == [
        (first.code, old_text, "Reworded by the partnership admin.")
    ]
    assert [(i.code, i.text) for i in changes.indicators_added] == [("health-4-99", "A new indicator.")]
    assert changes.indicators_removed == () and changes.indicators_moved == ()
    assert all(s.empty for s in changes.sections)

    new = versioning.publish(draft, user=admin_user)
    published.refresh_from_db()
    new.refresh_from_db()
    assert (new.status, new.successor) == ("current", None)
    assert (published.status, published.successor) == ("superseded", new)
    assert published.content_version > old_version
    # The new version's snapshot has the new wording; the old version's rows and snapshot keep the old.
    snapshot = cached_snapshot(new)
    assert snapshot.indicators[first.code].text == "Reworded by the partnership admin."
    assert snapshot.indicators["health-4-99"].text == "A new indicator."
    assert published.indicators.get(code=first.code).text == old_text
    assert cached_snapshot(published).indicators[first.code].text == old_text
    assert "health-4-99" not in cached_snapshot(published).indicators
    # The publish is in both frameworks' history, with who did it.
    assert new.history.first().history_user == admin_user
    assert published.history.first().history_change_reason == "Superseded by hw-2025-v2"
    assert published.history.first().history_user == admin_user


def test_a_published_draft_can_be_drafted_from_again(admin_user, draft):
    versioning.publish(draft, user=admin_user)
    again = versioning.draft_from(draft, user=admin_user)
    assert again.slug == "hw-2025-v3"
    versioning.publish(again, user=admin_user)
    draft.refresh_from_db()
    assert (draft.status, draft.successor) == ("superseded", again)
    assert models.Framework.objects.get(slug=HW).successor == draft  # the older link is kept


def test_the_diff_lists_moves_removals_and_contact_changes(draft):
    published = models.Framework.objects.get(slug=HW)
    mover = draft.indicators.filter(level__number=1).first()
    other_level = draft.levels.get(number=2)
    mover.level = other_level
    mover.save()
    gone = draft.indicators.filter(level__number=3).last()
    gone_code = gone.code
    gone.delete()
    service = draft.services.get(code="hfd-mash")
    service.phone = "01432 000000"
    service.save()
    window = models.OpeningWindow.objects.filter(service=service).first()
    window.closes = time(16, 0)
    window.save()
    level = draft.levels.get(number=4)
    level.name = "Specialist (renamed)"
    level.save()
    pathway = draft.pathways.first()
    pathway.levels.remove(*pathway.levels.all()[:1])

    changes = versioning.diff(draft, published)
    assert [(m.code, m.level_before, m.level_after) for m in changes.indicators_moved] == [(mover.code, 1, 2)]
    assert [i.code for i in changes.indicators_removed] == [gone_code]
    assert changes.indicators_added == () and changes.indicators_reworded == ()
    services = changes.section("Services")
    assert [(r.key, [c.field for c in r.changes]) for r in services.changed] == [
        ("hfd-mash", ["phone", "opening hours"])
    ]
    assert services.changed[0].changes[0].after == "01432 000000"
    assert [c.field for r in changes.section("Levels").changed for c in r.changes] == ["name"]
    assert [r.key for r in changes.section("Pathways").changed] == [pathway.code]
    assert not changes.empty


def test_publish_is_refused_when_the_draft_is_invalid(admin_user, draft):
    draft.indicators.filter(level__number=4).delete()
    with pytest.raises(versioning.PublishError, match="level 4: no indicators") as refused:
        versioning.publish(draft, user=admin_user)
    assert refused.value.problems == ["level 4: no indicators"]
    draft.refresh_from_db()
    assert draft.status == "draft"
    published = models.Framework.objects.get(slug=HW)
    assert (published.status, published.successor) == ("current", None)


def test_validate_reports_what_validate_frameworks_reports(draft):
    assert versioning.validate(draft).ok
    models.Service.objects.filter(framework=draft, code="hfd-mash").update(phone="", email="")
    report = versioning.validate(draft)
    assert report.problems == ["service hfd-mash: needs a phone number or an email"]


def test_validation_catches_a_pathway_naming_another_frameworks_rows(draft):
    # Written round the model's guards, as a raw import might: validation must still see it.
    pathway = draft.pathways.first()
    stray = models.Service.objects.filter(framework__slug="sefton").first()
    models.Pathway.services.through.objects.create(pathway=pathway, service=stray)
    problems = versioning.validate(draft).problems
    assert f"pathway {pathway.code}: service {stray.code} belongs to another framework" in problems


def test_a_published_version_is_never_edited_in_place(admin_user):
    hw = models.Framework.objects.get(slug=HW)
    indicator = hw.indicators.first()
    indicator.text = "Changed in place"
    with pytest.raises(models.PublishedFrameworkError, match="Draft a new version"):
        indicator.save()
    with pytest.raises(models.PublishedFrameworkError):
        indicator.delete()
    with pytest.raises(models.PublishedFrameworkError):
        models.Level(framework=hw, number=4, name="Another level 4").save()
    window = models.OpeningWindow.objects.filter(service__framework=hw).first()
    window.closes = time(23, 0)
    with pytest.raises(models.PublishedFrameworkError):
        window.save()
    pathway = hw.pathways.first()
    with pytest.raises(models.PublishedFrameworkError), transaction.atomic():
        pathway.levels.clear()
    hw.title = "Retitled"
    with pytest.raises(models.PublishedFrameworkError):
        hw.save()
    hw.refresh_from_db()
    with pytest.raises(models.PublishedFrameworkError):
        hw.delete()
    # Forms see it as a validation error on the row.
    row = models.Indicator(framework=hw, code="health-4-98", level=indicator.level, domain=indicator.domain, text="New")
    with pytest.raises(ValidationError, match="is current, so it cannot be changed"):
        row.full_clean()
    assert hw.indicators.get(pk=indicator.pk).text != "Changed in place"
    assert pathway.levels.exists()


def test_a_drafts_rows_can_change_and_refresh_its_snapshot(draft):
    indicator = draft.indicators.first()
    before = cached_snapshot(draft).indicators[indicator.code].text
    indicator.text = "Changed in the draft"
    indicator.save()
    draft.refresh_from_db()
    assert before != "Changed in the draft"
    assert cached_snapshot(draft).indicators[indicator.code].text == "Changed in the draft"


def test_history_records_carry_the_user(admin_user, draft):
    indicator = draft.indicators.first()
    created = indicator.history.earliest()
    assert (created.history_type, created.history_user) == ("+", admin_user)
    assert created.history_change_reason == "Drafted from hw-2025"
    indicator.text = "Edited"
    indicator._history_user = admin_user
    indicator.save()
    latest = indicator.history.latest()
    assert (latest.history_type, latest.history_user, latest.text) == ("~", admin_user, "Edited")
    pathway = draft.pathways.first()
    links = pathway.history.latest()
    assert links.history_user == admin_user
    assert {row.level_id for row in links.levels.all()} == set(pathway.levels.values_list("pk", flat=True))


def test_the_loader_records_history_of_what_it_loads():
    indicator = models.Indicator.objects.filter(framework__slug=HW).first()
    record = indicator.history.get()
    assert (record.history_type, record.history_change_reason, record.history_user) == ("+", "load_frameworks", None)
    pathway = models.Pathway.objects.filter(framework__slug=HW, levels__isnull=False).first()
    first = pathway.history.earliest()
    assert {row.level_id for row in first.levels.all()} == set(pathway.levels.values_list("pk", flat=True))


def test_load_frameworks_after_a_publish_does_not_undo_it(admin_user, draft, capsys):
    versioning.publish(draft, user=admin_user)
    call_command("load_frameworks", "--verbose-changes")
    out = capsys.readouterr().out
    assert "kept hw-2025 as the portal has it (superseded)" in out
    hw = models.Framework.objects.get(slug=HW)
    draft.refresh_from_db()
    assert (hw.status, hw.successor) == ("superseded", draft)
    assert (draft.status, draft.successor) == ("current", None)
    # The frameworks the portal has not touched are still the fixtures' to load.
    assert models.Framework.objects.get(slug="herefordshire-2024").successor == hw
    assert not models.Framework.objects.get(slug="sefton").managed_in_portal


def test_a_fixture_change_is_not_applied_to_a_framework_managed_in_the_portal(admin_user, draft):
    versioning.publish(draft, user=admin_user)
    data = copy.deepcopy(fixture_data(HW))
    data["indicators"][0]["text"] = "A fixture correction"
    data["framework"]["status"] = "current"
    result = load_framework(data)
    assert result.kept and not result.changed
    hw = models.Framework.objects.get(slug=HW)
    assert hw.status == "superseded"
    assert hw.indicators.get(code=data["indicators"][0]["code"]).text == fixture_data(HW)["indicators"][0]["text"]


def test_the_loader_still_corrects_frameworks_the_portal_has_not_touched():
    data = copy.deepcopy(fixture_data("sefton"))
    data["indicators"][0]["text"] = "A fixture correction"
    result = load_framework(data)
    assert (result.kept, result.updated) == (False, 1)
    assert models.Indicator.objects.get(framework__slug="sefton", code=data["indicators"][0]["code"]).text == (
        "A fixture correction"
    )


def test_load_frameworks_keeps_a_portal_draft_but_an_explicit_import_writes_it(draft, tmp_path):
    data = copy.deepcopy(fixture_data(HW))
    data["framework"].update(slug=draft.slug, status="draft", successor=None)
    data["indicators"][0]["text"] = "From the file"
    code = data["indicators"][0]["code"]
    (tmp_path / f"{draft.slug}.json").write_text(json.dumps(data))
    [result] = load_directory(tmp_path)  # what `make run` does with the fixtures directory
    assert result.kept and draft.indicators.get(code=code).text != "From the file"
    result = load_framework(data)  # one file loaded on purpose into the draft (a spreadsheet import)
    assert not result.kept and result.updated >= 1
    assert draft.indicators.get(code=code).text == "From the file"
