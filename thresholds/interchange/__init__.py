"""A framework's shape, declared once in `format.py`, and everything that moves a framework in or out.

- `format.py`: per section, its model, natural key, fields, defaults and allowed values (no queries);
- `lint.py`: a fixture's structure and verbatim wording (plain Python, `python -m thresholds.fixture_lint`);
- `load.py`: fixture -> database, idempotently; `dump.py`: database -> fixture;
- `spreadsheet/`: fixture <-> XLSX, CSV or JSON; `importing.py`: the import service the command calls.
"""
