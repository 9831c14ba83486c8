import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand

from thresholds.engine import Context, SuggestionError, parse_moment, suggest
from thresholds.selectors import framework_by_slug
from thresholds.snapshot import cached_snapshot


class Command(BaseCommand):
    help = "Suggest a level for ticked indicators and print it as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Framework slug, e.g. hw-2025.")
        parser.add_argument("--indicator", action="append", default=[], help="An indicator code; repeat for more.")
        parser.add_argument("--area", help="Area code, e.g. herefordshire.")
        parser.add_argument("--at", help="The moment of the check, e.g. 2026-12-25T10:00 (Europe/London).")

    def handle(self, *args, **options):
        framework = framework_by_slug(options["slug"])
        if framework is None:
            self._fail(f"Unknown framework: {options['slug']}")
        try:
            context = Context(area=options["area"], at=parse_moment(options["at"]))
            suggestion = suggest(cached_snapshot(framework), options["indicator"], context)
        except SuggestionError as exc:
            self._fail(str(exc))
        self.stdout.write(json.dumps(suggestion.as_json(), ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> NoReturn:
        # One clear line and exit status 2: scripts rely on this, so no CommandError traceback path.
        self.stderr.write(f"suggest: {message}")
        sys.exit(2)
