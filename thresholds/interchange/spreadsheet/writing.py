"""Fixture dict -> spreadsheet (XLSX, one-file CSV) or JSON bytes. Raises ValueError rather than drop a field."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import tablib
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .cells import cell_value
from .layout import (
    DECISIONS,
    FORMATS,
    FRAMEWORK,
    FRAMEWORK_HEADERS,
    OPENING_HOURS,
    SECTION_KEYS,
    SERVICES,
    SHEETS,
    Sheet,
    flatten,
)

# --- Export -------------------------------------------------------------------------------------


def framework_to_book(data: dict[str, Any]) -> tablib.Databook:
    """One sheet per section, header row first. Raises ValueError rather than drop a field it has no column for."""
    unknown = set(data) - set(SECTION_KEYS)
    if unknown:
        raise ValueError(f"sections with no sheet: {sorted(unknown)}")
    fields = flatten(data)
    known = {c.key for c in FRAMEWORK.columns}
    if set(fields) - known:
        raise ValueError(f"framework fields with no row: {sorted(set(fields) - known)}")
    book = tablib.Databook()
    rows = [(c.header, cell_value(c, fields.get(c.key), c.key)) for c in FRAMEWORK.columns]
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
        dataset.append([cell_value(c, obj.get(c.key), f"{sheet.key}[{n}].{c.key}") for c in sheet.columns])
    return dataset


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
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
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
