import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from thresholds import models
from thresholds.interchange.lint import CODE_RE
from thresholds.interchange.load import LoadResult, link_successors, load_framework
from thresholds.interchange.spreadsheet import FORMATS, ImportRejected, import_bytes

PUBLISHED = (models.Framework.Status.CURRENT, models.Framework.Status.SUPERSEDED)


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
            data = import_bytes(raw, fmt)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            self._fail(f"{len(exc.errors)} problem(s): nothing was imported.")
        if options["slug"]:
            data["framework"]["slug"] = options["slug"]
        result = self._load(data)
        if getattr(result, "kept", False):
            # load_framework leaves a framework the portal manages alone (and writes nothing): say so,
            # rather than report an import that did not happen.
            self._fail(f"{result.framework} is managed in the portal, so load_framework did not apply the file.")
        counts = f"{result.created} created, {result.updated} updated, {result.deleted} deleted"
        self.stdout.write(f"{result.framework}: {counts}")

    def _check_target(self, fw: dict) -> None:
        # Locked until the load commits: a publish cannot slip in between this check and the write.
        existing = models.Framework.objects.select_for_update().filter(slug=fw["slug"]).first()
        if existing is not None and existing.status in PUBLISHED:
            self._fail(
                f"{existing.slug} is {existing.status}: a published framework is never changed in place. "
                "Import into a draft or a new framework with --slug."
            )
        if fw["status"] != models.Framework.Status.DRAFT:
            self._fail(
                f"the file's Status is {fw['status']!r}: an import only makes or changes a draft. "
                "Set Status to draft; publishing is a separate step."
            )
        successor = fw.get("successor")
        if successor and not models.Framework.objects.filter(slug=successor).exists():
            self._fail(f"Framework, Successor: no framework {successor!r} is stored.")

    @transaction.atomic
    def _load(self, data: dict) -> LoadResult:
        self._check_target(data["framework"])
        result = load_framework(data)
        for _, change in link_successors([data]):
            if not result.created:  # as load_frameworks counts it: a new framework gets its successor as it is made
                result.updated += 1
            result.details.append(change)
        return result

    def _fail(self, message: str) -> None:
        # Scripts rely on exit status 2 and plain lines on stderr, as with `suggest`.
        self.stderr.write(f"import_spreadsheet: {message}")
        sys.exit(2)
