"""The shape every background worker command shares: do one round, then exit; with --loop, keep going.

A round's database error ends a single run (the caller sees it) but only that round of a loop (its
claims go stale and are taken again). Connections are refreshed between rounds, never inside a
transaction, so a database restart costs one round, not the worker.
"""

from __future__ import annotations

import logging
import time
from abc import ABCMeta, abstractmethod
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection


class WorkerCommand(BaseCommand, metaclass=ABCMeta):
    interval = 1.0  # seconds between looks when a round found nothing to do (--loop)
    logger = logging.getLogger("referrals")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep going instead of exiting after one round")
        parser.add_argument(
            "--interval", type=float, default=self.interval, help="seconds between looks when idle (--loop)"
        )

    @abstractmethod
    def round(self) -> int:
        """Do what is due; how many things were done."""

    @abstractmethod
    def done(self, count: int) -> str:
        """What one round did, in words."""

    def handle(self, *args: Any, loop: bool = False, interval: float = 1.0, **options: Any) -> None:
        while True:
            if not connection.in_atomic_block:  # never inside a transaction (a caller's, or a test's)
                close_old_connections()
            try:
                count = self.round()
            except DatabaseError:
                if not loop:
                    raise
                self.logger.exception("Worker round failed")
                count = 0
            if count and options["verbosity"] >= 1:
                self.stdout.write(self.done(count))
            if not loop:
                return
            if not count:
                time.sleep(interval)
