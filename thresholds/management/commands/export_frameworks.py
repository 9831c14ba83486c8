import json

from django.core.management.base import BaseCommand

from thresholds import models
from thresholds.selectors import framework_export


class Command(BaseCommand):
    help = "Print every framework as a JSON array (the stable export shape)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these frameworks (default: all).")

    def handle(self, *args, **options):
        frameworks = models.Framework.objects.select_related("partnership", "successor").order_by("slug")
        if options["slugs"]:
            frameworks = frameworks.filter(slug__in=options["slugs"])
        data = [framework_export(f) for f in frameworks]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
