"""Benchmark: messages delivered per second by one `send_notifications` worker to Django's file backend.

    .venv/bin/python scripts/bench_notifications.py [--messages 2000]

Sets Django up on a throwaway SQLite database (DEBUG off), makes one Sefton lead, writes `--messages`
queued notifications straight into the outbox (as `notification_queue` does), then times one
`python manage.py send_notifications` round in this process (each message claimed by its UPDATE, written
to the file backend in a temporary directory, and marked sent). Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
        os.environ["DEBUG"] = "false"
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        os.environ["EMAIL_FILE_PATH"] = str(Path(tmp) / "mail")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        from portal.access import Role
        from portal.models import User
        from referrals.models import Notification
        from thresholds.models import Partnership

        partnership = Partnership.objects.create(name="Bench partnership", slug="bench")
        lead = User.objects.create(username="lead", email="lead@example.org", role=Role.LEAD, partnership=partnership)
        now = timezone.now()
        Notification.objects.bulk_create(
            Notification(
                recipient=lead,
                kind=Notification.Kind.SUBMITTED,
                reference=f"B{n:07d}",
                partnership=partnership,
                subject=f"Assessment B{n:07d} sent to you",
                body="Assessment sent.\n\nSign in to see it: http://127.0.0.1:8000/review/x/\n" * 3,
                link="/review/x/",
                next_attempt_at=now,
            )
            for n in range(args.messages)
        )
        started = time.perf_counter()
        call_command("send_notifications", verbosity=0)
        elapsed = time.perf_counter() - started
        sent = Notification.objects.filter(state=Notification.State.SENT).count()
        written = sum(p.read_text().count("Message-ID: <notification-") for p in (Path(tmp) / "mail").iterdir())
        print(f"{sent} messages sent ({written} written) in {elapsed:.2f} s: {sent / elapsed:.0f} messages a second")


if __name__ == "__main__":
    main()
