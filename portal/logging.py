"""Structured logs: one JSON object a line (`LOG_FORMAT=json`), for the journal and a log collector.

Only the record's own fields are written: time, level, logger, message, the process, a response's status
code and the exception's traceback. Nothing attached to the record is serialised (Django's request logger
attaches the whole request: its body, cookies and headers are never written), so a log line holds what the
code chose to say, and the code never says a child's name, date of birth or free text.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any


class JsonFormatter(logging.Formatter):
    """`{"time": ..., "level": ..., "logger": ..., "message": ..., "process": ...}`, one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
