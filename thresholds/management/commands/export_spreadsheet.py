import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand

from thresholds import models
from thresholds.interchange.dump import framework_fixture
from thresholds.interchange.spreadsheet import FORMATS, export_bytes


class Command(BaseCommand):
    help = "Write one stored framework to a spreadsheet (xlsx, csv) or fixture JSON, for review and re-import."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Framework slug, e.g. hw-2025.")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the output file's extension.")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            self._fail(f"Give --format ({', '.join(FORMATS)}) or an output file ending in one of them.")
        framework = (
            models.Framework.objects.select_related("partnership", "successor").filter(slug=options["slug"]).first()
        )
        if framework is None:
            self._fail(f"Unknown framework: {options['slug']}")
        data = framework_fixture(framework)
        try:
            output.write_bytes(export_bytes(data, fmt))
        except OSError as exc:
            self._fail(f"Cannot write {output}: {exc}")
        self.stdout.write(f"{framework.slug}: wrote {output} ({fmt}, {len(data['indicators'])} indicators)")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"export_spreadsheet: {message}")
        sys.exit(2)
