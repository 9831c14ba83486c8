"""`python manage.py apply_retention [--dry-run]`: erase the child data of decided assessments past retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from referrals.retention import assessments_erase_past_retention


class Command(BaseCommand):
    help = (
        "Erase the child data (and its history rows) of decided assessments whose decision is older than their "
        "partnership's retention period (Partnership.retention_years, else RETENTION_YEARS_DEFAULT). Keeps levels, "
        "dates, RAG, outcome, area and indicator codes for the dashboard; prints references and counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print what would be erased; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        run = assessments_erase_past_retention(now=timezone.now(), dry_run=options["dry_run"])
        for reference in run.references:
            self.stdout.write(f"{'would erase' if run.dry_run else 'erased'} {reference}")
        self.stdout.write(run.summary)
