"""format.py is the one description of a framework's shape: the docs name what it declares, and every
declared field of every section goes fixture -> database -> dump and comes back the same."""

import re

import pytest
from django.conf import settings

from thresholds import models
from thresholds.interchange import format as shape
from thresholds.interchange.dump import framework_fixture
from thresholds.interchange.spreadsheet.layout import SHEETS

from ..helpers import fixture_data

SLUGS = sorted(p.stem for p in settings.FRAMEWORK_FIXTURES_DIR.glob("*.json"))
FORMAT_MD = (settings.FRAMEWORK_FIXTURES_DIR / "FORMAT.md").read_text(encoding="utf-8")
SPREADSHEET_MD = (settings.FRAMEWORK_FIXTURES_DIR / "SPREADSHEET.md").read_text(encoding="utf-8")
FIELDS = [(s, f) for s in shape.SECTIONS for f in s.fields]


@pytest.mark.parametrize(("section", "field"), FIELDS, ids=[f"{s.key}.{f.name}" for s, f in FIELDS])
def test_the_docs_name_every_declared_field(section, field):
    if not (field.position or field.sheet_only):
        name = field.name.rsplit(".", 1)[-1]
        assert f'"{name}"' in FORMAT_MD or f"`{name}`" in FORMAT_MD, f"FORMAT.md does not name {name!r}"
    if field.header:
        assert field.header in SPREADSHEET_MD, f"SPREADSHEET.md does not name the column {field.header!r}"
    for value in field.choices:
        assert re.search(rf"\b{value}\b", FORMAT_MD), f"FORMAT.md does not give {value!r} for {field.name}"


def test_the_docs_name_every_sheet_and_say_format_py_is_the_source():
    assert [s.title for s in SHEETS] == [s.title for s in shape.SECTIONS]
    for section in shape.SECTIONS:
        assert f"| {section.title} |" in SPREADSHEET_MD
    for doc in (FORMAT_MD, SPREADSHEET_MD):
        assert "thresholds/interchange/format.py" in doc


def test_the_declared_models_and_fields_exist():
    for section in shape.ROW_SECTIONS:
        model = shape.model_class(section)
        for f in section.fields:
            if f.stored:
                model._meta.get_field(f.model_attr)
    for f in shape.FRAMEWORK.fields:
        owner = models.Partnership if f.name.startswith("partnership.") else models.Framework
        owner._meta.get_field(f.model_attr)


def _expected(section: shape.Section, f: shape.Field, obj: dict):
    """What the dump gives for a field: the fixture's value, or the declared default when it is left out."""
    value = obj.get(f.name, None if f.default is shape.REQUIRED else f.default)
    return sorted(value) if f.many else value


@pytest.mark.django_db
@pytest.mark.parametrize("section", shape.ROW_SECTIONS, ids=lambda s: s.key)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_declared_field_round_trips_through_the_database(slug, section):
    fixture = fixture_data(slug)[section.key]
    dumped = framework_fixture(models.Framework.objects.get(slug=slug))[section.key]
    declared = {f.name for f in section.fields}
    assert len(dumped) == len(fixture)
    for obj, back in zip(fixture, dumped, strict=True):
        assert set(obj) <= declared, f"{section.key}: fields format.py does not declare: {set(obj) - declared}"
        for f in section.fields:
            if f.position or not f.stored:
                continue
            got = sorted(back.get(f.name, "")) if f.many else back.get(f.name, "")
            assert got == _expected(section, f, obj), f"{section.key}.{f.name}"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_the_framework_section_round_trips_through_the_database(slug):
    data, back = fixture_data(slug), framework_fixture(models.Framework.objects.get(slug=slug))
    for f in shape.FRAMEWORK.fields:
        *parents, last = f.name.split(".")
        want, got = data, back
        for key in parents:
            want, got = want[key], got[key]
        assert got[last] == want.get(last, None if f.default is shape.REQUIRED else f.default), f.name
    assert back["decisions"] == data["decisions"]
