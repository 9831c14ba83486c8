"""Move a framework between the fixture format and a spreadsheet (XLSX, one-file CSV) or JSON.

Partnership admins review a framework's wording in Excel and import it back. The spreadsheet is a
tablib Databook with one sheet per section of fixtures/FORMAT.md; fixtures/SPREADSHEET.md is the
layout (`layout.py`), `cells.py` reads and writes one cell, `writing.py` makes the file and
`reading.py` reads one back into a checked fixture dict.
"""

from .layout import FORMATS
from .reading import ImportRejected, RowError, book_to_framework, import_bytes
from .writing import export_bytes, framework_to_book

__all__ = [
    "FORMATS",
    "ImportRejected",
    "RowError",
    "book_to_framework",
    "export_bytes",
    "framework_to_book",
    "import_bytes",
]
