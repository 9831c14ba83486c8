"""Spreadsheet export and import: faithful round trips, every bad row reported, nothing written on error."""

import copy
import csv
import io
import json
from datetime import datetime, time

import pytest
import tablib
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from thresholds import models
from thresholds.interchange.dump import framework_fixture
from thresholds.interchange.load import load_framework
from thresholds.interchange.spreadsheet import (
    FORMATS,
    ImportRejected,
    RowError,
    book_to_framework,
    export_bytes,
    framework_to_book,
    import_bytes,
)

from ..helpers import fixture_data, table_counts

SLUGS = sorted(p.stem for p in settings.FRAMEWORK_FIXTURES_DIR.glob("*.json"))

pytestmark = pytest.mark.django_db


def fresh(slug: str = "hw-2025") -> dict:
    return copy.deepcopy(fixture_data(slug))


def edit(book: tablib.Databook, title: str, row: int, header: str, value) -> tablib.Databook:
    """A copy of the book with one cell changed; `row` as Excel numbers it (the header row is 1)."""
    sheets = []
    for dataset in book.sheets():
        rows = [list(r) for r in dataset]
        if dataset.title == title:
            rows[row - 2][dataset.headers.index(header)] = value
        sheets.append(tablib.Dataset(*rows, headers=list(dataset.headers), title=dataset.title))
    return tablib.Databook(sheets)


def replace_sheet(book: tablib.Databook, title: str, dataset: tablib.Dataset | None) -> tablib.Databook:
    return tablib.Databook([dataset if s.title == title else s for s in book.sheets() if dataset or s.title != title])


def rejected(book: tablib.Databook) -> list[RowError]:
    with pytest.raises(ImportRejected) as info:
        book_to_framework(book)
    return info.value.errors


def excel_row(items: list[dict], **match) -> int:
    """The spreadsheet row of the first object with these values (row 2 holds the first object)."""
    return next(n for n, obj in enumerate(items, start=2) if all(obj.get(k) == v for k, v in match.items()))


# --- Round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("slug", SLUGS)
def test_export_then_import_gives_back_the_fixture_and_changes_nothing(slug, fmt):
    data = fixture_data(slug)
    again = import_bytes(export_bytes(data, fmt), fmt)
    assert again == data
    result = load_framework(again)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0), result.details[:5]


@pytest.mark.parametrize("slug", SLUGS)
def test_json_export_of_a_fixture_is_the_fixture_file(slug):
    path = settings.FRAMEWORK_FIXTURES_DIR / f"{slug}.json"
    assert export_bytes(fixture_data(slug), "json") == path.read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_stored_framework_exports_as_its_fixture_without_fragments(slug):
    expected = fresh(slug)
    for section in ("levels", "pathways", "guidance", "indicators"):  # levels: issue 13, item 9
        for obj in expected[section]:
            obj.pop("fragments", None)
    # A pathway's links are sets in the database: they come back in the framework's order.
    services = {s["code"]: n for n, s in enumerate(expected["services"])}
    indicators = {i["code"]: n for n, i in enumerate(expected["indicators"])}
    for p in expected["pathways"]:
        p["services"].sort(key=services.get)
        p["when_indicators"].sort(key=indicators.get)
    assert framework_fixture(models.Framework.objects.get(slug=slug)) == expected


def test_a_text_that_looks_like_a_formula_stays_text():
    data = fresh()
    data["indicators"][0]["text"] = "=SUM(A1:A3) and +44 and -1"
    again = import_bytes(export_bytes(data, "xlsx"), "xlsx")
    assert again["indicators"][0]["text"] == "=SUM(A1:A3) and +44 and -1"


def test_values_excel_retypes_are_read_back():
    data = fixture_data("hw-2025")
    book = framework_to_book(data)
    published_row = 2 + [d[0] for d in book.sheets()[0]].index("Published (YYYY-MM-DD)")
    book = edit(book, "Framework", published_row, "Value", datetime(2025, 9, 1))
    book = edit(book, "Indicators", 2, "Level", float(data["indicators"][0]["level"]))
    book = edit(book, "Opening hours", 2, "Opens (HH:MM)", time(8, 45))
    book = edit(book, "Opening hours", 2, "Days", "Monday, Tuesday, wed, THU")
    police = excel_row(data["services"], code="police")
    book = edit(book, "Services", police, "Phone", 999)
    again = import_bytes(export_bytes_of(book, "xlsx"), "xlsx")
    assert again == data


def export_bytes_of(book: tablib.Databook, fmt: str) -> bytes:
    """A book edited in a test, written as a file as export_bytes writes one."""
    from thresholds.interchange.spreadsheet.writing import _csv_bytes, _xlsx_bytes

    return {"xlsx": _xlsx_bytes, "csv": _csv_bytes}[fmt](book)


def test_a_field_with_no_column_stops_the_export():
    data = fresh()
    data["indicators"][3]["colour"] = "red"
    with pytest.raises(ValueError, match=r"indicators\[3\]: fields with no column: \['colour'\]"):
        export_bytes(data, "xlsx")
    data = fresh()
    data["levels"][0]["service_examples"] = ["one\ntwo"]
    with pytest.raises(ValueError, match=r"levels\[0\].service_examples"):
        export_bytes(data, "csv")


# --- The layout --------------------------------------------------------------------------------------


def test_the_book_has_one_sheet_per_section_with_plain_headers():
    data = fixture_data("hw-2025")
    book = framework_to_book(data)
    sheets = {s.title: s for s in book.sheets()}
    assert list(sheets) == [
        "Framework",
        "Areas",
        "Levels",
        "Domains",
        "Indicators",
        "Services",
        "Opening hours",
        "Pathways",
        "RAG ratings",
        "Decision timescales",
        "Outcomes",
        "Escalation steps",
        "Guidance",
        "Decisions",
    ]
    indicators = sheets["Indicators"]
    assert indicators.headers == ["Code", "Level", "Domain", "Text", "Fragments (one per line)", "Note"]
    assert indicators.height == len(data["indicators"])
    assert indicators[0][:4] == tuple(data["indicators"][0][k] for k in ("code", "level", "domain", "text"))
    assert sheets["Opening hours"][0] == ("hfd-mash", "mon, tue, wed, thu", "08:45", "17:15")
    assert sheets["Levels"][0][3] == "\n".join(data["levels"][0]["service_examples"])
    two_services = next(p for p in data["pathways"] if len(p["services"]) > 1)
    row = sheets["Pathways"][excel_row(data["pathways"], code=two_services["code"]) - 2]
    assert row[sheets["Pathways"].headers.index("Services")] == ", ".join(two_services["services"])
    assert sheets["Decisions"].height == len(data["decisions"])


def test_the_csv_is_one_file_whose_first_column_names_the_sheet():
    data = fixture_data("hw-2025")
    raw = export_bytes(data, "csv")
    assert raw.startswith(b"\xef\xbb\xbfFramework,Field,Value\r\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    book = framework_to_book(data)
    assert len(rows) == sum(s.height + 1 for s in book.sheets())
    first_rows = {}
    for n, row in enumerate(rows):
        first_rows.setdefault(row[0], n)
    assert list(first_rows) == [s.title for s in book.sheets()]
    for sheet in book.sheets():
        assert rows[first_rows[sheet.title]] == [sheet.title, *sheet.headers]
    indicator = rows[first_rows["Indicators"] + 1]
    assert indicator[:5] == ["Indicators", data["indicators"][0]["code"], str(data["indicators"][0]["level"])] + [
        data["indicators"][0]["domain"],
        data["indicators"][0]["text"],
    ]


def test_the_xlsx_has_a_bold_frozen_header_row():
    workbook = load_workbook(io.BytesIO(export_bytes(fixture_data("stoke-2018"), "xlsx")))
    ws = workbook["Indicators"]
    assert [c.value for c in ws[1]][:4] == ["Code", "Level", "Domain", "Text"]
    assert ws["A1"].font.b and ws.freeze_panes == "A2"
    assert ws["B2"].value == fixture_data("stoke-2018")["indicators"][0]["level"]


# --- Every bad row, with its sheet, row and column ---------------------------------------------------


def test_missing_indicator_text_is_reported_on_its_row():
    assert rejected(edit(framework_to_book(fixture_data("hw-2025")), "Indicators", 5, "Text", "")) == [
        RowError("Indicators", 5, "Text", "no text")
    ]


def test_a_duplicate_code_is_reported_on_the_second_row():
    data = fixture_data("hw-2025")
    first, second = data["indicators"][0], data["indicators"][1]
    assert (first["domain"], first["level"]) == (second["domain"], second["level"])
    errors = rejected(edit(framework_to_book(data), "Indicators", 3, "Code", first["code"]))
    assert errors == [RowError("Indicators", 3, "Code", f"duplicate code {first['code']!r}")]


def test_an_indicator_whose_domain_or_level_does_not_exist():
    book = framework_to_book(fixture_data("hw-2025"))
    book = edit(book, "Indicators", 4, "Domain", "housing")
    book = edit(book, "Indicators", 6, "Level", 7)
    book = edit(book, "Indicators", 8, "Level", "two")
    assert rejected(book) == [
        RowError("Indicators", 4, "Code", "code does not match its domain and level"),
        RowError("Indicators", 4, "Domain", "unknown domain 'housing'"),
        RowError("Indicators", 6, "Code", "code does not match its domain and level"),
        RowError("Indicators", 6, "Level", "level must be 1 to 4"),
        RowError("Indicators", 8, "Level", "'two' is not a whole number"),
    ]


def test_a_pathway_naming_a_missing_service_level_or_indicator():
    data = fixture_data("hw-2025")
    book = framework_to_book(data)
    book = edit(book, "Pathways", 2, "Services", "hfd-mash, nowhere")
    book = edit(book, "Pathways", 3, "Levels", "3, 5")
    book = edit(book, "Pathways", 4, "Only when one of these indicators is ticked", "health-9-99")
    book = edit(book, "Pathways", 5, "Area", "shropshire")
    assert rejected(book) == [
        RowError("Pathways", 2, "Services", "unknown service 'nowhere'"),
        RowError("Pathways", 3, "Levels", "levels must be a non-empty list of 1 to 4"),
        RowError("Pathways", 4, "Only when one of these indicators is ticked", "unknown indicator 'health-9-99'"),
        RowError("Pathways", 5, "Area", "unknown area 'shropshire'"),
    ]


def test_opening_hours_that_do_not_parse():
    data = fixture_data("hw-2025")
    book = framework_to_book(data)
    assert [tuple(r) for r in book.sheets()[6]] == [
        ("hfd-mash", "mon, tue, wed, thu", "08:45", "17:15"),
        ("hfd-mash", "fri", "08:45", "16:45"),
        ("wcs-ffd", "mon, tue, wed, thu", "09:00", "17:00"),
        ("wcs-ffd", "fri", "09:00", "16:30"),
    ]
    book = edit(book, "Opening hours", 2, "Closes (HH:MM)", "08:00")
    book = edit(book, "Opening hours", 3, "Days", "Funday")
    book = edit(book, "Opening hours", 4, "Opens (HH:MM)", "25:00")
    book = edit(book, "Opening hours", 5, "Service", "hfd-nowhere")
    days = "('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')"
    assert rejected(book) == [
        RowError("Opening hours", 2, "Closes (HH:MM)", "closes 08:00 is not after opens 08:45"),
        RowError("Opening hours", 3, "Days", f"days must be a non-empty list from {days}, not ['Funday']"),
        RowError("Opening hours", 4, "Opens (HH:MM)", "times must be HH:MM, not '25:00' to '17:00'"),
        RowError("Opening hours", 5, "Service", "no service 'hfd-nowhere' on the Services sheet"),
    ]


def test_numbers_that_are_not_whole_numbers():
    book = framework_to_book(fixture_data("herefordshire-2024"))
    book = edit(book, "RAG ratings", 3, "Hours", "4 hours")
    book = edit(book, "Decision timescales", 2, "Working days", -2)
    book = edit(book, "Guidance", 3, "Level", 2.5)
    assert rejected(book) == [
        RowError("RAG ratings", 3, "Hours", "'4 hours' is not a whole number"),
        RowError("Decision timescales", 2, "Working days", "-2 is below 0"),
        RowError("Guidance", 3, "Level", "2.5 is not a whole number"),
    ]


def test_framework_fields_are_checked_on_their_rows():
    book = framework_to_book(fixture_data("hw-2025"))
    labels = [r[0] for r in book.sheets()[0]]
    published = 2 + labels.index("Published (YYYY-MM-DD)")
    status = 2 + labels.index("Status (current, superseded or draft)")
    minimum = 2 + labels.index("Accumulation: at least this many indicators at one level")
    printed = 2 + labels.index("Published, as printed")
    book = edit(book, "Framework", published, "Value", "1st September 2025")
    book = edit(book, "Framework", status, "Value", "live")
    book = edit(book, "Framework", minimum, "Value", 0)
    book = edit(book, "Framework", printed, "Value", datetime(2025, 9, 1))
    statuses = "('current', 'superseded', 'draft')"
    assert rejected(book) == [
        RowError("Framework", published, "Value", "'1st September 2025' is not a date: use YYYY-MM-DD"),
        RowError(
            "Framework",
            printed,
            "Value",
            "datetime.datetime(2025, 9, 1, 0, 0) is not text: type the words as text (start the cell with ')",
        ),
        RowError("Framework", status, "Value", f"'live' is not one of {statuses}"),
        RowError("Framework", minimum, "Value", "a whole number of at least 1 is needed"),
    ]


def test_unknown_and_missing_columns_and_sheets():
    book = framework_to_book(fixture_data("hw-2025"))
    indicators = book.sheets()[4]
    with_comments = tablib.Dataset(
        *[(*r, "looks fine" if n == 3 else None, "stray" if n == 5 else None) for n, r in enumerate(indicators)],
        headers=[*indicators.headers, "Comments", None],
        title="Indicators",
    )
    book = replace_sheet(book, "Indicators", with_comments)
    assert rejected(book) == [
        RowError("Indicators", 1, "Comments", "unknown column"),
        RowError("Indicators", 7, "H", "a value in a column with no heading"),
    ]
    domains = book.sheets()[3]
    no_group = tablib.Dataset(*[(r[0], r[1], r[3]) for r in domains], headers=["Code", "Name", "Note"], title="Domains")
    book = replace_sheet(replace_sheet(book, "Domains", no_group), "Pathways", None)
    assert rejected(book)[:3] == [
        RowError("Domains", 1, "Group", "column is missing"),
        RowError("Indicators", 1, "Comments", "unknown column"),
        RowError("Indicators", 7, "H", "a value in a column with no heading"),
    ]
    assert RowError("Pathways", None, "", "sheet is missing") in rejected(book)
    extra = tablib.Dataset(("x",), headers=["Notes"], title="My notes")
    errors = rejected(tablib.Databook([*framework_to_book(fixture_data("hw-2025")).sheets(), extra]))
    assert [str(e) for e in errors] == [
        "My notes row 1: unknown sheet: the sheets are Framework, Areas, Levels, Domains, Indicators, Services, "
        "Opening hours, Pathways, RAG ratings, Decision timescales, Outcomes, Escalation steps, Guidance, Decisions"
    ]


def test_every_rejected_row_is_reported_not_just_the_first():
    data = fixture_data("sefton")
    book = framework_to_book(data)
    bad_rows = [2, 50, 200, len(data["indicators"]) + 1]
    for row in bad_rows:
        book = edit(book, "Indicators", row, "Text", None)
    book = edit(book, "Pathways", 2, "Services", "nowhere")
    book = edit(book, "Domains", 3, "Code", "Health Needs")
    errors = rejected(book)
    domain = data["domains"][1]["code"]
    uses = [n for n, i in enumerate(data["indicators"], start=2) if i["domain"] == domain and n not in bad_rows]
    assert uses and [(e.sheet, e.row, e.message) for e in errors] == [
        ("Domains", 3, "'Health Needs' is not a code (lower-case letters, digits and hyphens)"),
        # The indicators of the domain whose code was spoiled name a domain the file no longer has.
        *sorted(
            [("Indicators", row, "no text") for row in bad_rows]
            + [("Indicators", row, f"unknown domain {domain!r}") for row in uses]
        ),
        ("Pathways", 2, "unknown service 'nowhere'"),
    ]


def test_a_text_longer_than_the_database_holds():
    book = edit(framework_to_book(fixture_data("hw-2025")), "Areas", 2, "Name", "H" * 101)
    assert rejected(book) == [RowError("Areas", 2, "Name", "101 characters: the database holds 100")]


def test_duplicate_escalation_step_numbers():
    book = edit(framework_to_book(fixture_data("stoke-2018")), "Escalation steps", 3, "Step", 1)
    assert rejected(book) == [RowError("Escalation steps", 3, "Step", "step 1 is already on row 2")]


# --- Row numbers in each format ----------------------------------------------------------------------


def test_xlsx_row_numbers_are_those_excel_shows_blank_rows_included():
    workbook = load_workbook(io.BytesIO(export_bytes(fixture_data("hw-2025"), "xlsx")))
    ws = workbook["Indicators"]
    ws.insert_rows(3, amount=2)  # two blank rows: the indicator on row 3 moves to row 5
    ws["D5"] = None
    stream = io.BytesIO()
    workbook.save(stream)
    with pytest.raises(ImportRejected) as info:
        import_bytes(stream.getvalue(), "xlsx")
    assert info.value.errors == [RowError("Indicators", 5, "Text", "no text")]


def test_csv_row_numbers_are_the_rows_of_the_file():
    data = fixture_data("worcestershire-2017")
    rows = list(csv.reader(io.StringIO(export_bytes(data, "csv").decode("utf-8-sig"), newline="")))
    line = next(n for n, r in enumerate(rows) if r[0] == "Indicators" and r[1] == data["indicators"][9]["code"])
    rows[line][2] = "nine"
    rows.insert(line, [])  # a blank line is skipped but still counted, as Excel counts it
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with pytest.raises(ImportRejected) as info:
        import_bytes(out.getvalue().encode("utf-8"), "csv")
    assert info.value.errors == [RowError("Indicators", line + 2, "Level", "'nine' is not a whole number")]


def test_json_problems_name_the_section_position_and_field():
    data = fresh("stoke-2018")
    data["indicators"][1]["text"] = ""
    data["indicators"][2]["colour"] = "red"
    data["services"][0]["hours"] = [{"days": ["mon"], "opens": "17:00", "closes": "09:00"}]
    data["services"][0]["availability"] = "hours"
    data["framework"]["status"] = "published"
    with pytest.raises(ImportRejected) as info:
        import_bytes(json.dumps(data).encode(), "json")
    assert [str(e) for e in info.value.errors] == [
        "framework, status: 'published' is not one of ('current', 'superseded', 'draft')",
        "indicators row 2, text: no text",
        "indicators row 3, colour: unknown field",
        "services row 1, hours[0].closes: closes 09:00 is not after opens 17:00",
    ]
    with pytest.raises(ImportRejected) as info:
        import_bytes(b'{"framework": ', "json")
    assert str(info.value.errors[0]).startswith("JSON: not valid JSON")


def test_a_file_that_is_not_a_workbook():
    with pytest.raises(ImportRejected) as info:
        import_bytes(b"not a zip", "xlsx")
    assert [(e.sheet, e.row) for e in info.value.errors] == [("XLSX", None)]


# --- The commands -------------------------------------------------------------------------------------


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def as_draft(slug: str) -> None:
    models.Framework.objects.filter(slug=slug).update(status=models.Framework.Status.DRAFT)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_and_import_commands_round_trip_a_draft(tmp_path, fmt):
    as_draft("stoke-2018")
    before = table_counts()
    path = tmp_path / f"stoke.{fmt}"
    status, out, _ = run("export_spreadsheet", "stoke-2018", "--output", str(path))
    # 173: 156 and the Disability domain's 17 (issue 13, item 10)
    assert status == 0 and out.strip() == f"stoke-2018: wrote {path} ({fmt}, 173 indicators)"
    status, out, err = run("import_spreadsheet", str(path))
    assert (status, out.strip(), err) == (0, "stoke-2018: 0 created, 0 updated, 0 deleted", "")
    assert table_counts() == before


def test_import_command_lists_every_problem_and_writes_nothing(tmp_path):
    as_draft("hw-2025")
    book = framework_to_book(fixture_data("hw-2025"))
    book = edit(book, "Indicators", 5, "Text", "")
    book = edit(book, "Opening hours", 2, "Closes (HH:MM)", "08:00")
    book = edit(book, "Pathways", 2, "Services", "nowhere")
    path = tmp_path / "hw.xlsx"
    path.write_bytes(export_bytes_of(book, "xlsx"))
    before = table_counts()
    status, out, err = run("import_spreadsheet", str(path))
    assert status == 2 and out == ""
    assert err.splitlines() == [
        "Indicators row 5, Text: no text",
        "Opening hours row 2, Closes (HH:MM): closes 08:00 is not after opens 08:45",
        "Pathways row 2, Services: unknown service 'nowhere'",
        "import_spreadsheet: 3 problem(s): nothing was imported.",
    ]
    assert table_counts() == before


@pytest.mark.parametrize(("slug", "status"), [("hw-2025", "current"), ("herefordshire-2024", "superseded")])
def test_import_refuses_to_change_a_published_framework(tmp_path, slug, status):
    path = tmp_path / f"{slug}.csv"
    data = fresh(slug)
    data["indicators"][0]["note"] = "An edit that must not reach a published framework."
    path.write_bytes(export_bytes(data, "csv"))
    before = table_counts()
    code, out, err = run("import_spreadsheet", str(path))
    assert code == 2 and out == ""
    assert err.strip() == (
        f"import_spreadsheet: {slug} is {status}: a published framework is never changed in place. "
        "Import into a draft or a new framework with --slug."
    )
    assert table_counts() == before
    code, _, err = run("import_spreadsheet", str(tmp_path / f"{slug}.csv"), "--slug", "sefton")
    assert code == 2 and "sefton is current" in err


def test_import_as_a_new_draft_framework(tmp_path):
    data = fresh("stoke-2018")
    data["framework"]["status"] = "draft"
    path = tmp_path / "stoke-next.json"
    path.write_bytes(export_bytes(data, "json"))
    lists = ("areas", "levels", "domains", "indicators", "services", "pathways", "rag_ratings")
    lists += ("decision_timescales", "outcomes", "escalation_steps", "guidance")
    created = 1 + sum(len(data[k]) for k in lists)
    status, out, err = run("import_spreadsheet", str(path), "--slug", "stoke-next")
    assert (status, out.strip(), err) == (0, f"stoke-next: {created} created, 0 updated, 0 deleted", "")
    draft = models.Framework.objects.get(slug="stoke-next")
    assert draft.status == "draft" and draft.indicators.count() == len(data["indicators"])
    assert models.Framework.objects.get(slug="stoke-2018").status == "current"
    assert run("import_spreadsheet", str(path), "--slug", "stoke-next")[1].strip() == (
        "stoke-next: 0 created, 0 updated, 0 deleted"
    )


def test_import_of_an_edited_draft_reports_the_change(tmp_path):
    as_draft("stoke-2018")
    data = fresh("stoke-2018")
    data["framework"]["status"] = "draft"
    data["outcomes"] = data["outcomes"][:-1]
    data["indicators"][0]["note"] = "Checked against the printed page."
    path = tmp_path / "stoke.xlsx"
    path.write_bytes(export_bytes(data, "xlsx"))
    status, out, _ = run("import_spreadsheet", str(path))
    assert (status, out.strip()) == (0, "stoke-2018: 0 created, 1 updated, 1 deleted")
    assert models.Indicator.objects.get(framework__slug="stoke-2018", code=data["indicators"][0]["code"]).note


def test_import_only_makes_drafts(tmp_path):
    as_draft("stoke-2018")
    path = tmp_path / "stoke.json"
    path.write_bytes(export_bytes(fixture_data("stoke-2018"), "json"))  # its Status is current
    before = table_counts()
    for args in ((), ("--slug", "stoke-next")):
        code, out, err = run("import_spreadsheet", str(path), *args)
        assert (code, out) == (2, "")
        assert err.strip() == (
            "import_spreadsheet: the file's Status is 'current': an import only makes or changes a draft. "
            "Set Status to draft; publishing is a separate step."
        )
    assert table_counts() == before


def test_an_import_reaches_a_draft_the_portal_manages(tmp_path):
    models.Framework.objects.filter(slug="stoke-2018").update(status="draft", managed_in_portal=True)
    data = fresh("stoke-2018")
    data["framework"]["status"] = "draft"
    data["indicators"][0]["note"] = "Checked against the printed page."
    path = tmp_path / "stoke.xlsx"
    path.write_bytes(export_bytes(data, "xlsx"))
    code, out, err = run("import_spreadsheet", str(path))
    assert (code, out.strip(), err) == (0, "stoke-2018: 0 created, 1 updated, 0 deleted", "")
    assert models.Indicator.objects.get(framework__slug="stoke-2018", code=data["indicators"][0]["code"]).note


def test_commands_fail_plainly_on_bad_arguments(tmp_path):
    assert run("export_spreadsheet", "nowhere", "--output", str(tmp_path / "x.xlsx"))[::2] == (
        2,
        "export_spreadsheet: Unknown framework: nowhere\n",
    )
    assert run("export_spreadsheet", "sefton", "--output", str(tmp_path / "x.txt"))[0] == 2
    data = fresh("stoke-2018")
    data["framework"].update(status="draft", successor="stoke-2030")
    (tmp_path / "s.json").write_bytes(export_bytes(data, "json"))
    code, _, err = run("import_spreadsheet", str(tmp_path / "s.json"), "--slug", "stoke-next")
    assert code == 2 and "no framework 'stoke-2030' is stored" in err
    assert not models.Framework.objects.filter(slug="stoke-next").exists()
