from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thresholds.interchange.load import FixtureError, load_directory


class Command(BaseCommand):
    help = "Load every framework fixture in fixtures/ (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these frameworks (default: all).")
        parser.add_argument("--verbose-changes", action="store_true", help="List every row changed.")

    def handle(self, *args, **options):
        try:
            results = load_directory(settings.FRAMEWORK_FIXTURES_DIR, options["slugs"])
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc
        for r in results:
            state = f"{r.created} created, {r.updated} updated, {r.deleted} deleted" if r.changed else "unchanged"
            self.stdout.write(f"{r.framework}: {state}")
            if options["verbose_changes"]:
                for line in r.details:
                    self.stdout.write(f"  {line}")
