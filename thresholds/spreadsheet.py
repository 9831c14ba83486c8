"""Move a framework between the fixture format and a spreadsheet (XLSX, one-file CSV) or JSON.

Partnership admins review a framework's wording in Excel and import it back. The spreadsheet is a
tablib Databook with one sheet per section of fixtures/FORMAT.md; fixtures/SPREADSHEET.md is the
layout. An import checks every row, reports every problem with its sheet, row (as Excel numbers
it) and column, and returns a fixture dict only when the whole file is valid. Nothing here writes
to the database, and nothing changes wording: text goes from cell to field exactly as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from typing import Any

import tablib
from django.core.exceptions import FieldDoesNotExist
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import models
from .fixture_lint import CODE_RE, DAYS, structure_problems

FORMATS = ("xlsx", "csv", "json")


@dataclass(frozen=True)
class RowError:
    """One rejected cell or row. `row` is Excel's row number (the header row is 1); None for a whole sheet."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        return f"{place}, {self.column}: {self.message}" if self.column else f"{place}: {self.message}"


class ImportRejected(Exception):
    """The file was not imported: `errors` lists every problem found, not just the first."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


# --- The layout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One field of an object and the column that holds it.

    `always`: the field is in every object (blank gives "", None or []); otherwise it is written only
    when filled in, as `note` and `fragments` are in the fixtures. `required`: a blank cell is an
    error, for the code or number a row is known by when no structural rule would catch it.
    """

    key: str
    header: str
    kind: str = "text"
    always: bool = True
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    key: str
    columns: tuple[Column, ...]
    model: type | None = None  # where the database limits the length of a text


CODE = Column("code", "Code", "code", required=True)
NAME = Column("name", "Name")
TEXT = Column("text", "Text")
HOURS = Column("hours", "Hours", "int")
WORKING_DAYS = Column("working_days", "Working days", "int")
FRAGMENTS = Column("fragments", "Fragments (one per line)", "lines", always=False)
NOTE = Column("note", "Note", always=False)

FRAMEWORK = Sheet(
    "Framework",
    "framework",
    (
        Column("partnership.slug", "Partnership code", "code"),
        Column("partnership.name", "Partnership name"),
        Column("framework.slug", "Framework code", "code"),
        Column("framework.title", "Title"),
        Column("framework.published", "Published (YYYY-MM-DD)", "date"),
        Column("framework.published_text", "Published, as printed"),
        Column("framework.version", "Version"),
        Column("framework.status", "Status (current, superseded or draft)"),
        Column("framework.successor", "Successor (framework code)", "code?"),
        Column("framework.source_document", "Source document", "file name"),
        Column("framework.emergency.text", "Emergency wording"),
        Column("framework.emergency.phone", "Emergency phone"),
        Column(
            "framework.accumulation.min_indicators", "Accumulation: at least this many indicators at one level", "int"
        ),
        Column("framework.accumulation.min_domains", "Accumulation: spread over at least this many domains", "int"),
        Column("framework.accumulation.text", "Accumulation wording"),
    ),
)
FRAMEWORK_HEADERS = ("Field", "Value")
# Where the database limits the length of a framework field.
FRAMEWORK_DB_FIELDS = {
    "partnership.slug": (models.Partnership, "slug"),
    "partnership.name": (models.Partnership, "name"),
    "framework.slug": (models.Framework, "slug"),
    "framework.title": (models.Framework, "title"),
    "framework.published_text": (models.Framework, "published_text"),
    "framework.version": (models.Framework, "version"),
    "framework.status": (models.Framework, "status"),
    "framework.source_document": (models.Framework, "source_document"),
    "framework.emergency.phone": (models.Framework, "emergency_phone"),
}
AREAS = Sheet("Areas", "areas", (CODE, NAME, NOTE), models.Area)
LEVELS = Sheet(
    "Levels",
    "levels",
    (
        Column("number", "Number", "int"),
        NAME,
        Column("description", "Description"),
        Column("service_examples", "Service examples (one per line)", "lines"),
        Column("information_sharing", "Information sharing"),
        NOTE,
    ),
    models.Level,
)
DOMAINS = Sheet("Domains", "domains", (CODE, NAME, Column("group", "Group"), NOTE), models.Domain)
INDICATORS = Sheet(
    "Indicators",
    "indicators",
    (CODE, Column("level", "Level", "int"), Column("domain", "Domain", "code"), TEXT, FRAGMENTS, NOTE),
    models.Indicator,
)
SERVICES = Sheet(
    "Services",
    "services",
    (
        CODE,
        NAME,
        Column("area", "Area", "code?"),
        Column("phone", "Phone"),
        Column("email", "Email"),
        Column("availability", "Availability (hours, always, out_of_hours or unstated)"),
        Column("hours_text", "Hours, as printed"),
        Column("out_of_hours_service", "Out-of-hours service", "code?"),
        NOTE,
    ),
    models.Service,
)
OPENING_HOURS = Sheet(
    "Opening hours",
    "hours",
    (
        Column("service", "Service", "code", required=True),
        Column("days", "Days", "days"),
        Column("opens", "Opens (HH:MM)", "time"),
        Column("closes", "Closes (HH:MM)", "time"),
    ),
)
PATHWAYS = Sheet(
    "Pathways",
    "pathways",
    (
        CODE,
        Column("kind", "Kind"),
        Column("area", "Area", "code?"),
        Column("levels", "Levels", "ints"),
        Column("title", "Title"),
        TEXT,
        FRAGMENTS,
        Column("services", "Services", "codes"),
        Column("when_indicators", "Only when one of these indicators is ticked", "codes"),
        NOTE,
    ),
    models.Pathway,
)
RAG_RATINGS = Sheet(
    "RAG ratings",
    "rag_ratings",
    (CODE, NAME, Column("meaning", "Meaning"), Column("response", "Response"), HOURS, WORKING_DAYS, NOTE),
    models.RagRating,
)
DECISION_TIMESCALES = Sheet(
    "Decision timescales", "decision_timescales", (TEXT, HOURS, WORKING_DAYS, FRAGMENTS, NOTE), models.DecisionTimescale
)
OUTCOMES = Sheet("Outcomes", "outcomes", (CODE, TEXT, FRAGMENTS, NOTE), models.Outcome)
ESCALATION_STEPS = Sheet(
    "Escalation steps",
    "escalation_steps",
    (
        Column("number", "Step", "int", required=True),
        TEXT,
        Column("timescale", "Timescale"),
        WORKING_DAYS,
        FRAGMENTS,
        NOTE,
    ),
    models.EscalationStep,
)
GUIDANCE = Sheet(
    "Guidance",
    "guidance",
    (
        Column("kind", "Kind"),
        Column("title", "Title"),
        TEXT,
        Column("items", "Items (one per line)", "lines"),
        Column("level", "Level", "int"),
        Column("indicators", "Indicators", "codes"),
        FRAGMENTS,
        Column("note", "Note"),  # every guidance object has a note in the fixtures, even ""
    ),
    models.Guidance,
)
DECISIONS = Sheet("Decisions", "decisions", (Column("text", "Decision"),))

SHEETS = (
    FRAMEWORK,
    AREAS,
    LEVELS,
    DOMAINS,
    INDICATORS,
    SERVICES,
    OPENING_HOURS,
    PATHWAYS,
    RAG_RATINGS,
    DECISION_TIMESCALES,
    OUTCOMES,
    ESCALATION_STEPS,
    GUIDANCE,
    DECISIONS,
)
# The sections that are a list of objects with one row each.
LIST_SHEETS = tuple(s for s in SHEETS if s not in (FRAMEWORK, OPENING_HOURS, DECISIONS))
SECTION_KEYS = ("partnership", "framework", *(s.key for s in LIST_SHEETS), "decisions")

DAY_NAMES = {
    **{d: d for d in DAYS},
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), DAYS, strict=True)),
}


# --- Cells --------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says why in plain words."""


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, bool) or isinstance(value, date | time):
        # Excel turns "September 2025" or "9:00" into a date or time; the printed words are lost.
        raise CellError(f"{value!r} is not text: type the words as text (start the cell with ')")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    raise CellError(f"{value!r} is not text")


def _as_code(value: Any) -> str:
    code = _as_text(value).strip()
    if code and not CODE_RE.match(code):
        raise CellError(f"{code!r} is not a code (lower-case letters, digits and hyphens)")
    return code


def _as_int(value: Any) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise CellError(f"{value!r} is not a whole number")
    if value < 0:
        raise CellError(f"{value} is below 0")
    return value


def _items(value: Any, pattern: str) -> list:
    """A list from JSON as it is; from a cell, split on the separators (", " or line breaks)."""
    if isinstance(value, list):
        return value
    return [part for part in re.split(pattern, _as_text(value)) if part.strip()]


def _as_lines(value: Any) -> list[str]:
    lines = _items(value, r"\n")
    if not all(isinstance(line, str) for line in lines):
        raise CellError("a list of texts is needed")
    return lines


def _as_days(value: Any) -> list[str]:
    # Weekday names are accepted and written back as FORMAT.md's codes; anything else is left for
    # the opening-hours rule of fixture_lint to report.
    return [DAY_NAMES.get(str(day).strip().lower(), str(day).strip()) for day in _items(value, r"[,\s]+")]


def _as_time(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    text = _as_text(value).strip()
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(:00)?", text)
    # Anything that is not a time stays as typed, for fixture_lint's HH:MM rule to report.
    return f"{int(m[1]):02d}:{m[2]}" if m else text


def _as_file_name(value: Any) -> str:
    name = _as_text(value)
    # Only a name: the structural check looks for it in fixtures/sources, and must not be sent elsewhere.
    if re.search(r"[/\\\x00-\x1f]", name) or name in (".", ".."):
        raise CellError(f"{name!r} is not a file name in fixtures/sources")
    return name


def _as_date(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = _as_text(value).strip()
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # Excel's UK display of a date, saved as CSV
    if uk:
        text = f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}"
    if text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise CellError(f"{text!r} is not a date: use YYYY-MM-DD") from None
    return text


READ: dict[str, Callable[[Any], Any]] = {
    "text": _as_text,
    "code": _as_code,
    "code?": lambda v: _as_code(v) or None,
    "int": _as_int,
    "ints": lambda v: [_as_int(n) for n in _items(v, r"[,\s]+")],
    "codes": lambda v: [_as_code(c) for c in _items(v, r"[,\s]+")],
    "lines": _as_lines,
    "days": _as_days,
    "time": _as_time,
    "date": _as_date,
    "file name": _as_file_name,
}
BLANK: dict[str, Any] = {"code?": None, "int": None, "ints": [], "codes": [], "lines": [], "days": []}


def _write_plain(value: Any) -> Any:
    if isinstance(value, list | dict):
        raise ValueError(f"{value!r} is not a single value")
    return None if value is None or value == "" else value


def _write_joined(value: Any) -> str | None:
    if not isinstance(value, list):
        raise ValueError(f"{value!r} is not a list")
    return ", ".join(str(v) for v in value) or None


def _write_lines(value: Any) -> str | None:
    if not isinstance(value, list):
        raise ValueError(f"{value!r} is not a list")
    for line in value:
        # One item per line: an item that is not one non-blank line would not come back the same.
        if not isinstance(line, str) or "\n" in line or not line.strip():
            raise ValueError(f"{line!r} cannot be one line of a cell")
    return "\n".join(value) or None


WRITE: dict[str, Callable[[Any], Any]] = {
    "ints": _write_joined,
    "codes": _write_joined,
    "days": _write_joined,
    "lines": _write_lines,
}


@cache
def _max_length(sheet: Sheet, column: Column) -> int | None:
    if sheet is FRAMEWORK:
        model, name = FRAMEWORK_DB_FIELDS.get(column.key, (None, ""))
    else:
        model, name = sheet.model, column.key
    if model is None or column.kind not in ("text", "code", "code?", "file name"):
        return None
    try:
        return model._meta.get_field(name).max_length
    except FieldDoesNotExist:
        return None


# --- Export -------------------------------------------------------------------------------------


def framework_to_book(data: dict[str, Any]) -> tablib.Databook:
    """One sheet per section, header row first. Raises ValueError rather than drop a field it has no column for."""
    unknown = set(data) - set(SECTION_KEYS)
    if unknown:
        raise ValueError(f"sections with no sheet: {sorted(unknown)}")
    fields = _flatten(data)
    known = {c.key for c in FRAMEWORK.columns}
    if set(fields) - known:
        raise ValueError(f"framework fields with no row: {sorted(set(fields) - known)}")
    book = tablib.Databook()
    rows = [(c.header, _cell(c, fields.get(c.key), c.key)) for c in FRAMEWORK.columns]
    book.add_sheet(tablib.Dataset(*rows, headers=list(FRAMEWORK_HEADERS), title=FRAMEWORK.title))
    for sheet in SHEETS[1:]:
        book.add_sheet(_dataset(sheet, _objects(data, sheet)))
    return book


def _objects(data: dict[str, Any], sheet: Sheet) -> list[dict[str, Any]]:
    if sheet is OPENING_HOURS:
        return [{"service": s.get("code"), **w} for s in data.get("services", []) for w in s.get("hours", [])]
    if sheet is DECISIONS:
        return [{"text": d} for d in data.get("decisions", [])]
    return data.get(sheet.key, [])


def _dataset(sheet: Sheet, objects: list[dict[str, Any]]) -> tablib.Dataset:
    known = {c.key for c in sheet.columns} | ({"hours"} if sheet is SERVICES else set())
    dataset = tablib.Dataset(headers=[c.header for c in sheet.columns], title=sheet.title)
    for n, obj in enumerate(objects):
        if set(obj) - known:
            raise ValueError(f"{sheet.key}[{n}]: fields with no column: {sorted(set(obj) - known)}")
        dataset.append([_cell(c, obj.get(c.key), f"{sheet.key}[{n}].{c.key}") for c in sheet.columns])
    return dataset


def _cell(column: Column, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        return WRITE.get(column.kind, _write_plain)(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """partnership and framework as dotted paths: {"framework.emergency.text": ...}."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, obj: Any) -> None:
        if isinstance(obj, dict) and prefix in (
            "partnership",
            "framework",
            "framework.emergency",
            "framework.accumulation",
        ):
            for key, value in obj.items():
                walk(f"{prefix}.{key}", value)
        else:
            flat[prefix] = obj

    for section in ("partnership", "framework"):
        if section in data:
            walk(section, data[section])
    return flat


def export_bytes(data: dict[str, Any], fmt: str) -> bytes:
    """The file for one framework: "json" is the fixture format itself, as in fixtures/*.json."""
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    book = framework_to_book(data)
    if fmt == "xlsx":
        return _xlsx_bytes(book)
    if fmt == "csv":
        return _csv_bytes(book)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _xlsx_bytes(book: tablib.Databook) -> bytes:
    """openpyxl directly, not tablib's exporter, so that a text starting with "=" stays text, not a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for dataset in book.sheets():
        ws = workbook.create_sheet(dataset.title)
        ws.append(dataset.headers)
        for row in dataset:
            ws.append(row)
        for cell in ws[1]:
            cell.font = bold
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    cell.alignment = wrap
        ws.freeze_panes = "A2"
        for n, header in enumerate(dataset.headers, start=1):
            longest = max([len(header)] + [len(line) for v in dataset.get_col(n - 1) for line in str(v).split("\n")])
            ws.column_dimensions[get_column_letter(n)].width = min(longest, 70) + 2
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _csv_bytes(book: tablib.Databook) -> bytes:
    """Every row starts with its sheet's name; a sheet's first row is its header row. UTF-8 with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for dataset in book.sheets():
        writer.writerow([dataset.title, *dataset.headers])
        for row in dataset:
            writer.writerow([dataset.title, *("" if v is None else v for v in row)])
    return out.getvalue().encode("utf-8-sig")


# --- Import: from a file to records -------------------------------------------------------------

Place = tuple[str, int | None, str]


@dataclass
class Record:
    """The raw values of one object, and where each value came from in the file."""

    values: dict[str, Any]
    places: dict[str, Place]
    place: Place  # the object as a whole

    def error(self, key: str, message: str) -> RowError:
        return RowError(*self.places.get(key, self.place), message)


@dataclass
class Table:
    """One sheet as read: header cells and data rows with the row numbers a person sees."""

    title: str
    header_row: int
    headers: list[Any]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    first_column: int = 1  # column number of headers[0]: 2 in the CSV, whose column A names the sheet


@dataclass
class Records:
    """Everything read from a file, before any value is checked."""

    by_sheet: dict[str, list[Record]] = field(default_factory=dict)
    headings: dict[str, Record] = field(default_factory=dict)  # where to report a whole section
    errors: list[RowError] = field(default_factory=list)
    incomplete: bool = False  # a sheet, column or section is missing: the structure cannot be judged

    def missing(self, error: RowError) -> None:
        self.errors.append(error)
        self.incomplete = True


def import_bytes(raw: bytes, fmt: str) -> dict[str, Any]:
    """The fixture dict of a file; raises ImportRejected listing every problem if any row is not valid."""
    if fmt == "json":
        return _framework_from(_json_records(raw))
    if fmt == "xlsx":
        return book_to_framework(_xlsx_book(raw))
    if fmt == "csv":
        return _framework_from(_table_records(_csv_tables(raw)))
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def book_to_framework(book: tablib.Databook) -> dict[str, Any]:
    """The fixture dict of a Databook laid out as framework_to_book makes it; raises ImportRejected."""
    tables = []
    for dataset in book.sheets():
        rows = [(n, list(row)) for n, row in enumerate(dataset, start=2)]
        tables.append(Table(dataset.title or "", 1, list(dataset.headers or []), rows))
    return _framework_from(_table_records(tables))


def _xlsx_book(raw: bytes) -> tablib.Databook:
    """Read with openpyxl, keeping blank rows, so that row numbers stay those Excel shows."""
    try:
        workbook = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise ImportRejected([RowError("XLSX", None, "", f"not an Excel workbook ({exc})")]) from None
    book = tablib.Databook()
    for ws in workbook.worksheets:
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        while rows and all(_blank(v) for v in rows[-1]):
            rows.pop()
        width = max((n + 1 for row in rows for n, v in enumerate(row) if not _blank(v)), default=0)
        rows = [(row + [None] * width)[:width] for row in rows]
        dataset = tablib.Dataset(*rows[1:], headers=rows[0] if rows else None, title=ws.title)
        book.add_sheet(dataset)
    return book


def _csv_tables(raw: bytes) -> list[Table]:
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        message = f"not a UTF-8 CSV file: in Excel, save as 'CSV UTF-8' ({exc})"
        raise ImportRejected([RowError("CSV", None, "", message)]) from None
    tables: dict[str, Table] = {}
    for number, row in enumerate(rows, start=1):
        if all(_blank(v) for v in row):
            continue
        title = row[0].strip()
        if title.casefold() in tables:
            tables[title.casefold()].rows.append((number, row[1:]))
        else:
            tables[title.casefold()] = Table(title, number, row[1:], first_column=2)
    return list(tables.values())


def _table_records(tables: Iterable[Table]) -> Records:
    records = Records()
    found = {t.title.strip().casefold(): t for t in tables}
    for title, table in found.items():
        if title not in {s.title.casefold() for s in SHEETS}:
            names = ", ".join(s.title for s in SHEETS)
            name = table.title or "(no sheet name)"
            records.errors.append(RowError(name, table.header_row, "", f"unknown sheet: the sheets are {names}"))
    for sheet in SHEETS:
        table = found.get(sheet.title.casefold())
        if table is None:
            records.missing(RowError(sheet.title, None, "", "sheet is missing"))
        elif sheet is FRAMEWORK:
            _framework_rows(table, records)
        else:
            _sheet_rows(sheet, table, records)
    return records


def _headings(sheet: Sheet, table: Table, columns: dict[int, Column]) -> Record:
    places = {c.key: (sheet.title, table.header_row, c.header) for c in columns.values()}
    return Record({}, places, (sheet.title, table.header_row, ""))


def _sheet_rows(sheet: Sheet, table: Table, records: Records) -> None:
    columns = _columns(sheet, table, records)
    records.headings[sheet.key] = _headings(sheet, table, columns)
    headed = {n for n, h in enumerate(table.headers) if not _blank(h)}
    rows = records.by_sheet.setdefault(sheet.key, [])
    for number, cells in table.rows:
        if all(_blank(v) for v in cells):
            continue
        for n, value in enumerate(cells):
            if n not in headed and not _blank(value):
                letter = get_column_letter(table.first_column + n)
                records.errors.append(RowError(sheet.title, number, letter, "a value in a column with no heading"))
        values = {c.key: cells[n] if n < len(cells) else None for n, c in columns.items()}
        places = {c.key: (sheet.title, number, c.header) for c in columns.values()}
        rows.append(Record(values, places, (sheet.title, number, "")))


def _columns(sheet: Sheet, table: Table, records: Records) -> dict[int, Column]:
    """Which column holds which field, by header name (case and spaces aside); unknown or missing columns are errors."""
    by_header = {c.header.casefold(): c for c in sheet.columns}
    columns: dict[int, Column] = {}
    for n, header in enumerate(table.headers):
        name = "" if _blank(header) else str(header).strip()
        column = by_header.get(name.casefold())
        if not name:
            continue
        if column is None:
            records.errors.append(RowError(sheet.title, table.header_row, name, "unknown column"))
        elif column in columns.values():
            records.missing(RowError(sheet.title, table.header_row, name, "the column appears twice"))
        else:
            columns[n] = column
    for column in sheet.columns:
        if column.always and column not in columns.values():
            records.missing(RowError(sheet.title, table.header_row, column.header, "column is missing"))
    return columns


def _framework_rows(table: Table, records: Records) -> None:
    """The Framework sheet runs down the page: one row per field, its label in "Field", its value in "Value"."""
    title, errors = FRAMEWORK.title, records.errors
    headers = [str(h or "").strip().casefold() for h in table.headers]
    if headers[:2] != [h.casefold() for h in FRAMEWORK_HEADERS] or any(headers[2:]):
        records.missing(RowError(title, table.header_row, "", f"the header row must be {', '.join(FRAMEWORK_HEADERS)}"))
        return
    by_label = {c.header.casefold(): c for c in FRAMEWORK.columns}
    record = Record({}, {}, (title, table.header_row, ""))
    for number, cells in table.rows:
        label, value, *rest = [*cells, None, None]
        if all(_blank(v) for v in cells):
            continue
        column = by_label.get(str(label or "").strip().casefold())
        if column is None:
            errors.append(RowError(title, number, "Field", f"unknown field {label!r}"))
        elif column.key in record.values:
            errors.append(
                RowError(title, number, "Field", f"{column.header!r} is already on row {record.places[column.key][1]}")
            )
        else:
            record.values[column.key] = value
            record.places[column.key] = (title, number, "Value")
        if any(not _blank(v) for v in rest):
            errors.append(RowError(title, number, "", "a value beyond the Value column"))
    for column in FRAMEWORK.columns:
        if column.key not in record.values:
            records.missing(RowError(title, table.header_row, "Field", f"no row for {column.header!r}"))
    records.by_sheet["framework"] = [record]
    records.headings["framework"] = record


def _json_records(raw: bytes) -> Records:
    """JSON objects as records: a "row" is the object's position in its list, counted from 1."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportRejected([RowError("JSON", None, "", f"not valid JSON ({exc})")]) from None
    if not isinstance(data, dict):
        raise ImportRejected([RowError("JSON", None, "", "the file must hold one framework object")])
    records = Records()
    records.errors += [RowError(k, None, "", "unknown section") for k in data if k not in SECTION_KEYS]
    _json_framework(data, records)
    for sheet in LIST_SHEETS:
        records.by_sheet[sheet.key] = _json_objects(sheet, data.get(sheet.key, []), records)
        records.headings[sheet.key] = Record(
            {}, {c.key: (sheet.key, None, c.key) for c in sheet.columns}, (sheet.key, None, "")
        )
    records.by_sheet["hours"] = _json_hours(data.get("services", []), records)
    decisions = data.get("decisions", [])
    if not isinstance(decisions, list):
        records.missing(RowError("decisions", None, "", "must be a list"))
        decisions = []
    records.by_sheet["decisions"] = [
        Record({"text": d}, {}, ("decisions", n, "")) for n, d in enumerate(decisions, start=1)
    ]
    return records


def _json_framework(data: dict[str, Any], records: Records) -> None:
    for section in ("partnership", "framework"):
        if not isinstance(data.get(section, {}), dict):
            records.missing(RowError(section, None, "", "must be an object"))
    fields = _flatten({k: v for k, v in data.items() if k in ("partnership", "framework") and isinstance(v, dict)})
    known = {c.key for c in FRAMEWORK.columns}
    places: dict[str, Place] = {}
    for path in fields.keys() | known:
        section, _, rest = path.partition(".")
        places[path] = (section, None, rest)
        if path not in known:
            records.errors.append(RowError(section, None, rest, "unknown field"))
    record = Record({k: v for k, v in fields.items() if k in known}, places, ("framework", None, ""))
    records.by_sheet["framework"] = [record]
    records.headings["framework"] = record


def _json_objects(sheet: Sheet, items: Any, records: Records) -> list[Record]:
    if not isinstance(items, list):
        records.missing(RowError(sheet.key, None, "", "must be a list"))
        return []
    known = {c.key for c in sheet.columns} | ({"hours"} if sheet is SERVICES else set())
    result = []
    for n, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            records.missing(RowError(sheet.key, n, "", "must be an object"))
            continue
        records.errors += [RowError(sheet.key, n, k, "unknown field") for k in obj if k not in known]
        places = {c.key: (sheet.key, n, c.key) for c in sheet.columns}
        values = {k: v for k, v in obj.items() if not (sheet is SERVICES and k == "hours")}
        result.append(Record(values, places, (sheet.key, n, "")))
    return result


def _json_hours(services: Any, records: Records) -> list[Record]:
    result = []
    for n, service in enumerate(services if isinstance(services, list) else [], start=1):
        hours = service.get("hours", []) if isinstance(service, dict) else []
        if not isinstance(hours, list) or not all(isinstance(w, dict) for w in hours):
            records.missing(RowError("services", n, "hours", "must be a list of objects"))
            continue
        for k, window in enumerate(hours):
            known = {c.key for c in OPENING_HOURS.columns} - {"service"}
            records.errors += [
                RowError("services", n, f"hours[{k}].{f}", "unknown field") for f in window if f not in known
            ]
            places = {f: ("services", n, f"hours[{k}].{f}") for f in known}
            result.append(Record({**window, "service": service.get("code")}, places, ("services", n, f"hours[{k}]")))
    return result


# --- Import: from records to a checked fixture dict ---------------------------------------------


def _framework_from(records: Records) -> dict[str, Any]:
    errors = list(records.errors)
    parsed = {sheet.key: [_parse(sheet, r, errors) for r in records.by_sheet.get(sheet.key, [])] for sheet in SHEETS}
    data = _assemble(parsed)
    windows = _attach_hours(data, parsed["hours"], records.by_sheet.get("hours", []), errors)
    errors += _duplicate_steps(data["escalation_steps"], records.by_sheet.get("escalation_steps", []))
    if not records.incomplete:  # with a sheet or column missing, the structure would fail everywhere
        rejected = {(e.sheet, e.row) for e in errors}
        found = _structure_errors(data, records, windows)
        errors += [e for e in found if (e.sheet, e.row) not in rejected]
    if errors:
        raise ImportRejected(_sorted(errors))
    return data


def _parse(sheet: Sheet, record: Record, errors: list[RowError]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for column in sheet.columns:
        raw = record.values.get(column.key)
        value = BLANK.get(column.kind, "")
        if _blank(raw):
            if column.required:
                errors.append(record.error(column.key, f"{column.header} is needed"))
        else:
            try:
                value = _read(sheet, column, raw)
            except CellError as exc:
                errors.append(record.error(column.key, str(exc)))
        if column.always or not _blank(value):
            obj[column.key] = value
    return obj


def _read(sheet: Sheet, column: Column, raw: Any) -> Any:
    value = READ[column.kind](raw)
    limit = _max_length(sheet, column)
    if limit and isinstance(value, str) and len(value) > limit:
        raise CellError(f"{len(value)} characters: the database holds {limit}")
    return value


def _assemble(parsed: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    fields = parsed["framework"][0] if parsed["framework"] else {}
    data: dict[str, Any] = {"partnership": {}, "framework": {}}
    for path, value in fields.items():
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = value
    for sheet in LIST_SHEETS:
        data[sheet.key] = parsed[sheet.key]
    data["services"] = [_with_hours(s) for s in data["services"]]
    data["decisions"] = [d["text"] for d in parsed["decisions"]]
    return data


def _with_hours(service: dict[str, Any]) -> dict[str, Any]:
    """Hours go where the fixtures have them: after hours_text."""
    result: dict[str, Any] = {}
    for key, value in service.items():
        result[key] = value
        if key == "hours_text":
            result["hours"] = []
    result.setdefault("hours", [])
    return result


def _attach_hours(
    data: dict[str, Any], windows: list[dict[str, Any]], records: list[Record], errors: list[RowError]
) -> dict[tuple[int, int], Record]:
    """Each opening-hours row joins the service its code names; returns (service, window) position -> row."""
    position = {}
    for n, service in enumerate(data["services"]):
        position.setdefault(service.get("code"), n)
    where = {}
    for window, record in zip(windows, records, strict=True):
        code = window.pop("service")
        if code not in position:
            if code:
                errors.append(record.error("service", f"no service {code!r} on the Services sheet"))
            continue
        hours = data["services"][position[code]]["hours"]
        where[(position[code], len(hours))] = record
        hours.append(window)
    return where


def _duplicate_steps(steps: list[dict[str, Any]], records: list[Record]) -> list[RowError]:
    """Step numbers are the escalation steps' key; fixture_lint has no rule for them."""
    errors, seen = [], {}
    for step, record in zip(steps, records, strict=True):
        number = step.get("number")
        if number is not None and number in seen:
            errors.append(record.error("number", f"step {number} is already on row {seen[number].place[1]}"))
        seen.setdefault(number, record)
    return errors


def _structure_errors(data: dict[str, Any], records: Records, windows: dict[tuple[int, int], Record]) -> list[RowError]:
    """fixture_lint's structural rules, each problem put back on the row and column it came from."""
    errors = []
    for problem in structure_problems(data):
        key = problem.field
        if problem.section in ("framework", "partnership"):
            record, key = records.headings["framework"], f"{problem.section}.{problem.field}"
        elif problem.index is None:
            record = records.headings[problem.section]
        else:
            record = records.by_sheet[problem.section][problem.index]
        window = re.fullmatch(r"hours\[(\d+)\]\.(\w+)", key)
        if window and problem.index is not None:
            record, key = windows[(problem.index, int(window[1]))], window[2]
        errors.append(record.error(key, problem.message.removeprefix("hours: ") if window else problem.message))
    return errors


def _sorted(errors: list[RowError]) -> list[RowError]:
    order = {name: n for n, name in enumerate([s.title for s in SHEETS] + list(SECTION_KEYS))}
    return sorted(errors, key=lambda e: (order.get(e.sheet, -1), e.row or 0))


# --- From the database --------------------------------------------------------------------------


def framework_fixture(framework: models.Framework) -> dict[str, Any]:
    """A stored framework in the fixture format, for export. Fragments are not stored, so none are given."""
    return {
        "partnership": {"slug": framework.partnership.slug, "name": framework.partnership.name},
        "framework": {
            "slug": framework.slug,
            "title": framework.title,
            "published": framework.published.isoformat(),
            "published_text": framework.published_text,
            "version": framework.version,
            "status": framework.status,
            "successor": framework.successor.slug if framework.successor else None,
            "source_document": framework.source_document,
            "emergency": {"text": framework.emergency_text, "phone": framework.emergency_phone},
            "accumulation": {
                "min_indicators": framework.accumulation_min_indicators,
                "min_domains": framework.accumulation_min_domains,
                "text": framework.accumulation_text,
            },
        },
        "areas": [_noted({"code": a.code, "name": a.name}, a.note) for a in framework.areas.all()],
        "levels": [
            _noted(
                {
                    "number": lv.number,
                    "name": lv.name,
                    "description": lv.description,
                    "service_examples": lv.service_examples,
                    "information_sharing": lv.information_sharing,
                },
                lv.note,
            )
            for lv in framework.levels.all()
        ],
        "domains": [
            _noted({"code": d.code, "name": d.name, "group": d.group}, d.note) for d in framework.domains.all()
        ],
        "indicators": [
            _noted({"code": i.code, "level": i.level.number, "domain": i.domain.code, "text": i.text}, i.note)
            for i in framework.indicators.select_related("level", "domain")
        ],
        "services": _services(framework),
        "pathways": _pathways(framework),
        **_process_data(framework),
        "decisions": list(framework.decisions),
    }


def _noted(obj: dict[str, Any], note: str) -> dict[str, Any]:
    return {**obj, "note": note} if note else obj


def _services(framework: models.Framework) -> list[dict[str, Any]]:
    services = framework.services.select_related("area", "out_of_hours_service").prefetch_related("windows")
    return [
        _noted(
            {
                "code": s.code,
                "name": s.name,
                "area": s.area.code if s.area else None,
                "phone": s.phone,
                "email": s.email,
                "availability": s.availability,
                "hours_text": s.hours_text,
                "hours": _windows(s),
                "out_of_hours_service": s.out_of_hours_service.code if s.out_of_hours_service else None,
            },
            s.note,
        )
        for s in services
    ]


def _windows(service: models.Service) -> list[dict[str, Any]]:
    """The database keeps one window per weekday; days with the same times are grouped back into one."""
    groups: dict[tuple[str, str], list[str]] = {}
    for w in service.windows.all():
        groups.setdefault((w.opens.strftime("%H:%M"), w.closes.strftime("%H:%M")), []).append(DAYS[w.weekday])
    return [{"days": days, "opens": opens, "closes": closes} for (opens, closes), days in groups.items()]


def _pathways(framework: models.Framework) -> list[dict[str, Any]]:
    pathways = framework.pathways.select_related("area").prefetch_related("levels", "services", "when_indicators")
    return [
        _noted(
            {
                "code": p.code,
                "kind": p.kind,
                "area": p.area.code if p.area else None,
                "levels": sorted(lv.number for lv in p.levels.all()),
                "title": p.title,
                "text": p.text,
                "services": [s.code for s in sorted(p.services.all(), key=lambda s: s.order)],
                "when_indicators": [i.code for i in sorted(p.when_indicators.all(), key=lambda i: i.order)],
            },
            p.note,
        )
        for p in pathways
    ]


def _process_data(framework: models.Framework) -> dict[str, list[dict[str, Any]]]:
    return {
        "rag_ratings": [
            _noted(
                {
                    "code": r.code,
                    "name": r.name,
                    "meaning": r.meaning,
                    "response": r.response,
                    "hours": r.hours,
                    "working_days": r.working_days,
                },
                r.note,
            )
            for r in framework.rag_ratings.all()
        ],
        "decision_timescales": [
            _noted({"text": t.text, "hours": t.hours, "working_days": t.working_days}, t.note)
            for t in framework.decision_timescales.all()
        ],
        "outcomes": [_noted({"code": o.code, "text": o.text}, o.note) for o in framework.outcomes.all()],
        "escalation_steps": [
            _noted(
                {"number": e.number, "text": e.text, "timescale": e.timescale, "working_days": e.working_days}, e.note
            )
            for e in framework.escalation_steps.all()
        ],
        "guidance": [
            {
                "kind": g.kind,
                "title": g.title,
                "text": g.text,
                "items": g.items,
                "level": g.level,
                "indicators": g.indicators,
                "note": g.note,
            }
            for g in framework.guidance.all()
        ],
    }
