from django.core.management.base import BaseCommand, CommandError

from thresholds import models
from thresholds.validation import validate_framework


class Command(BaseCommand):
    help = "Check every stored framework; print counts per level and domain; fail on any problem."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*")

    def handle(self, *args, **options):
        frameworks = models.Framework.objects.order_by("slug")
        if options["slugs"]:
            frameworks = frameworks.filter(slug__in=options["slugs"])
        if not frameworks:
            raise CommandError("No frameworks to validate: run load_frameworks first.")
        failures = 0
        for framework in frameworks:
            report = validate_framework(framework)
            total = sum(report.per_level.values())
            levels = ", ".join(f"level {n}: {c}" for n, c in sorted(report.per_level.items()))
            self.stdout.write(f"{framework.slug}: {total} indicators ({levels})")
            for domain, counts in report.per_domain.items():
                per = " ".join(f"L{n}={counts.get(n, 0)}" for n in (1, 2, 3, 4))
                self.stdout.write(f"  {domain}: {per}")
            for problem in report.problems:
                self.stderr.write(f"  PROBLEM {problem}")
            failures += len(report.problems)
        if failures:
            raise CommandError(f"{failures} problem(s) found.")
        self.stdout.write("All frameworks valid.")
