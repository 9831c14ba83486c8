"""The import service logs every rejected or refused import: the framework's code and counts, never a cell."""

import copy
import json
import logging

import pytest

from thresholds.interchange.importing import ImportRefused, framework_import
from thresholds.interchange.spreadsheet import ImportRejected

from ..helpers import fixture_data, table_counts

pytestmark = pytest.mark.django_db

CELL = "Jane Doe 01/02/2015"  # what a careless cell might hold: it must never reach the log


def as_json(data: dict) -> bytes:
    return json.dumps(data).encode("utf-8")


def test_a_rejected_import_is_logged_with_its_code_and_counts_not_its_cells(caplog):
    data = copy.deepcopy(fixture_data("hw-2025"))
    data["framework"]["status"] = "draft"
    data["indicators"][0]["level"] = CELL
    data["indicators"][3]["text"] = ""
    before = table_counts()
    with caplog.at_level(logging.WARNING, logger="thresholds.interchange"), pytest.raises(ImportRejected) as info:
        framework_import(raw=as_json(data), fmt="json", slug="hw-next")
    assert any(CELL in str(e) for e in info.value.errors)  # the person importing sees it ...
    assert [r.getMessage() for r in caplog.records] == [
        f"import rejected: framework hw-next, {len(info.value.errors)} problem(s) on 2 row(s)"
    ]
    assert CELL not in caplog.text  # ... the log does not
    assert table_counts() == before


def test_a_rejected_import_names_the_files_framework_when_no_slug_is_given(caplog):
    data = copy.deepcopy(fixture_data("sefton"))
    data["indicators"][0]["text"] = ""
    with caplog.at_level(logging.WARNING, logger="thresholds.interchange"), pytest.raises(ImportRejected):
        framework_import(raw=as_json(data), fmt="json")
    assert [r.getMessage() for r in caplog.records] == ["import rejected: framework sefton, 1 problem(s) on 1 row(s)"]


def test_a_refused_import_is_logged_with_the_rule_that_refused_it(caplog):
    data = copy.deepcopy(fixture_data("hw-2025"))
    data["framework"]["status"] = "current"
    data["framework"]["version"] = CELL
    with caplog.at_level(logging.WARNING, logger="thresholds.interchange"), pytest.raises(ImportRefused):
        framework_import(raw=as_json(data), fmt="json", slug="hw-next")
    with caplog.at_level(logging.WARNING, logger="thresholds.interchange"), pytest.raises(ImportRefused):
        framework_import(raw=as_json(fixture_data("hw-2025")), fmt="json")
    assert [r.getMessage() for r in caplog.records] == [
        "import refused: framework hw-next: the file is not a draft",
        "import refused: framework hw-2025: published frameworks are not changed in place",
    ]
    assert CELL not in caplog.text
