"""File (XLSX, CSV, JSON) -> checked fixture dict, or ImportRejected listing every problem.

An import checks every row, reports every problem with its sheet, row (as Excel numbers it) and
column, and returns a fixture dict only when the whole file is valid. Nothing here writes to the
database, and nothing changes wording: text goes from cell to field exactly as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import tablib
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..lint import CODE_RE, structure_problems
from .cells import BLANK, READ, CellError, blank
from .layout import (
    FORMATS,
    FRAMEWORK,
    FRAMEWORK_HEADERS,
    LIST_SHEETS,
    OPENING_HOURS,
    SECTION_KEYS,
    SERVICES,
    SHEETS,
    Column,
    Sheet,
    flatten,
    max_length,
)


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

    def __init__(self, errors: list[RowError], *, slug: str = ""):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors
        self.slug = slug  # the framework's code, when the file gives a well-formed one


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
        while rows and all(blank(v) for v in rows[-1]):
            rows.pop()
        width = max((n + 1 for row in rows for n, v in enumerate(row) if not blank(v)), default=0)
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
        if all(blank(v) for v in row):
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
        sheet_table = found.get(sheet.title.casefold())
        if sheet_table is None:
            records.missing(RowError(sheet.title, None, "", "sheet is missing"))
        elif sheet is FRAMEWORK:
            _framework_rows(sheet_table, records)
        else:
            _sheet_rows(sheet, sheet_table, records)
    return records


def _headings(sheet: Sheet, table: Table, columns: dict[int, Column]) -> Record:
    places: dict[str, Place] = {c.key: (sheet.title, table.header_row, c.header) for c in columns.values()}
    return Record({}, places, (sheet.title, table.header_row, ""))


def _sheet_rows(sheet: Sheet, table: Table, records: Records) -> None:
    columns = _columns(sheet, table, records)
    records.headings[sheet.key] = _headings(sheet, table, columns)
    headed = {n for n, h in enumerate(table.headers) if not blank(h)}
    rows = records.by_sheet.setdefault(sheet.key, [])
    for number, cells in table.rows:
        if all(blank(v) for v in cells):
            continue
        for n, value in enumerate(cells):
            if n not in headed and not blank(value):
                letter = get_column_letter(table.first_column + n)
                records.errors.append(RowError(sheet.title, number, letter, "a value in a column with no heading"))
        values = {c.key: cells[n] if n < len(cells) else None for n, c in columns.items()}
        places: dict[str, Place] = {c.key: (sheet.title, number, c.header) for c in columns.values()}
        rows.append(Record(values, places, (sheet.title, number, "")))


def _columns(sheet: Sheet, table: Table, records: Records) -> dict[int, Column]:
    """Which column holds which field, by header name (case and spaces aside); unknown or missing columns are errors."""
    by_header = {c.header.casefold(): c for c in sheet.columns}
    columns: dict[int, Column] = {}
    for n, header in enumerate(table.headers):
        name = "" if blank(header) else str(header).strip()
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
        if all(blank(v) for v in cells):
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
        if any(not blank(v) for v in rest):
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
    fields = flatten({k: v for k, v in data.items() if k in ("partnership", "framework") and isinstance(v, dict)})
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
        places: dict[str, Place] = {c.key: (sheet.key, n, c.key) for c in sheet.columns}
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
            places: dict[str, Place] = {f: ("services", n, f"hours[{k}].{f}") for f in known}
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
        slug = str(data["framework"].get("slug") or "")
        raise ImportRejected(_sorted(errors), slug=slug if CODE_RE.match(slug) else "")
    return data


def _parse(sheet: Sheet, record: Record, errors: list[RowError]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for column in sheet.columns:
        raw = record.values.get(column.key)
        value = BLANK.get(column.kind, "")
        if blank(raw):
            if column.required:
                errors.append(record.error(column.key, f"{column.header} is needed"))
        else:
            try:
                value = _read(sheet, column, raw)
            except CellError as exc:
                errors.append(record.error(column.key, str(exc)))
        if column.always or not blank(value):
            obj[column.key] = value
    return obj


def _read(sheet: Sheet, column: Column, raw: Any) -> Any:
    value = READ[column.kind](raw)
    limit = max_length(sheet, column)
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
    position: dict[object, int] = {}  # a service's code as the file has it -> its place in the list
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
    errors: list[RowError] = []
    seen: dict[object, Record] = {}  # a step number as the file has it -> its first row
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
