"""Cells: reading a cell as its column's kind (text, code, whole number, list, time, date) and writing it back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from ..format import DAYS
from ..lint import CODE_RE
from .layout import Column

# --- Cells --------------------------------------------------------------------------------------


DAY_NAMES = {
    **{d: d for d in DAYS},
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), DAYS, strict=True)),
}


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says why in plain words."""


def blank(value: Any) -> bool:
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
    if blank(value):
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


def cell_value(column: Column, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        return WRITE.get(column.kind, _write_plain)(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
