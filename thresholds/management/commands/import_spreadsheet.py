import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand

from thresholds.interchange.importing import ImportRefused, framework_import
from thresholds.interchange.lint import CODE_RE
from thresholds.interchange.spreadsheet import FORMATS, ImportRejected


class Command(BaseCommand):
    help = (
        "Import a framework from a spreadsheet (xlsx, csv) or fixture JSON. The whole file is checked first: "
        "any problem is listed on stderr (sheet, row, column) and nothing is written. Imports only make or "
        "change drafts: published frameworks (current or superseded) are never changed in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file's extension.")
        parser.add_argument("--slug", help="Import as this framework (a draft or a new one) instead of the file's.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        fmt = options["format"] or path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            self._fail(f"Give --format ({', '.join(FORMATS)}) or a file ending in one of them.")
        if options["slug"] and not CODE_RE.match(options["slug"]):
            self._fail(f"{options['slug']!r} is not a framework code (lower-case letters, digits and hyphens).")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self._fail(f"Cannot read {path}: {exc}")
        try:
            result = framework_import(raw=raw, fmt=fmt, slug=options["slug"])
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self._fail(f"{len(exc.errors)} problem(s): nothing was imported.")
        except ImportRefused as exc:
            self._fail(str(exc))
        counts = f"{result.created} created, {result.updated} updated, {result.deleted} deleted"
        self.stdout.write(f"{result.framework}: {counts}")

    def _fail(self, message: str) -> NoReturn:
        # Scripts rely on exit status 2 and plain lines on stderr, as with `suggest`.
        self.stderr.write(f"import_spreadsheet: {message}")
        sys.exit(2)
