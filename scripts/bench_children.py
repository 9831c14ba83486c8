"""Benchmark: a lead's search for a child, and the links found when an assessment is sent, over 100,000 assessments.

    .venv/bin/python scripts/bench_children.py [--assessments 100000] [--searches 200]

Fills a throwaway SQLite database (Sefton's guidance, one lead, N sent assessments with made-up names drawn
from 300 first names and 1,000 surnames and dates of birth over 18 years, so names and dates are shared as in
life), then times `child_search` by name and date of birth, by NHS number, and `child_links_find` for a new
assessment, each a median over `--searches` different children, and prints SQLite's plan for the search
(the (partnership, child_surname_key) and (partnership, date_of_birth) indexes), and the review page's panel
of a child's 50 earlier assessments. Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
        os.environ["DEBUG"] = "false"
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        call_command("load_frameworks", "sefton", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        from portal.access import Role
        from portal.models import User
        from referrals.children.matching import surname_key
        from referrals.children.selectors import child_search
        from referrals.children.services import candidates_filter, child_links_find
        from referrals.models import Assessment
        from thresholds.models import Framework

        framework = Framework.objects.get(slug="sefton")
        partnership = framework.partnership
        lead = User.objects.create(username="lead", role=Role.LEAD, partnership=partnership)
        owner = User.objects.create(username="pat", role=Role.PRACTITIONER, partnership=partnership)
        rng = random.Random(17)
        firsts = [f"First{n}" for n in range(300)]
        surnames = [f"Surname{n}" for n in range(1000)]
        start = date(2008, 1, 1)
        now = timezone.now()
        people = []
        for i in range(args.assessments):
            name = f"{rng.choice(firsts)} {rng.choice(surnames)}"
            born = start + timedelta(days=rng.randrange(18 * 365))
            nhs = f"{i:010d}"  # distinct (not check-digit valid: the bench skips the form)
            people.append((name, born, nhs))
        Assessment.objects.bulk_create(
            (
                Assessment(
                    owner=owner,
                    partnership=partnership,
                    framework=framework,
                    area="sefton",
                    reference=f"B{i:08d}",
                    child_name=name,
                    child_surname_key=surname_key(name),
                    date_of_birth=born,
                    nhs_number=nhs,
                    status="submitted",
                    indicators=[],
                    submitted_at=now - timedelta(minutes=i),
                )
                for i, (name, born, nhs) in enumerate(people)
            ),
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{Assessment.objects.count()} sent assessments")

        def median_ms(run) -> float:
            times = []
            for name, born, nhs in rng.sample(people, args.searches):
                started = time.perf_counter()
                run(name, born, nhs)
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)

        by_name = median_ms(lambda name, born, nhs: child_search(lead=lead, name=name, date_of_birth=born))
        by_number = median_ms(lambda name, born, nhs: child_search(lead=lead, nhs_number=nhs))

        def link(name, born, nhs):
            new = Assessment.objects.create(
                owner=owner,
                partnership=partnership,
                framework=framework,
                area="sefton",
                child_name=name,
                date_of_birth=born,
                status="submitted",
                submitted_at=timezone.now(),
                indicators=[],
            )
            child_links_find(assessment=new)

        linking = median_ms(link)

        # The review page's panel: one child referred 51 times (the same NHS number), the latest with 50 links.
        from referrals.children.selectors import earlier_assessments

        repeat = []
        for _ in range(51):
            again = Assessment.objects.create(
                owner=owner,
                partnership=partnership,
                framework=framework,
                area="sefton",
                child_name="Repeat Child",
                date_of_birth=date(2015, 1, 1),
                nhs_number="9990000018",
                status="submitted",
                submitted_at=timezone.now(),
                indicators=[],
            )
            child_links_find(assessment=again)
            repeat.append(again)
        times = []
        for _ in range(args.searches):
            started = time.perf_counter()
            shown = earlier_assessments(assessment=repeat[-1], lead=lead)
            times.append((time.perf_counter() - started) * 1000)
        assert len(shown) == 50
        panel = statistics.median(times)
        from referrals.children.selectors import rereferrals_count

        times = []
        for _ in range(args.searches):
            started = time.perf_counter()
            counted = rereferrals_count(lead=lead, since=None)
            times.append((time.perf_counter() - started) * 1000)
        count = statistics.median(times)
        name, born, _ = people[0]
        query = (
            Assessment.objects.filter(partnership=partnership)
            .exclude(status="draft")
            .filter(candidates_filter(date_of_birth=born, nhs_number="", upn=""))
        )
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)  # noqa: S608 (the ORM's own SQL)
            plan = [row[-1] for row in cursor.fetchall()]
        print(f"search by name and date of birth: median {by_name:.1f} ms")
        print(f"search by NHS number: median {by_number:.1f} ms")
        print(f"links found when an assessment is sent: median {linking:.1f} ms")
        print(f"review page's earlier-assessments panel, 50 earlier: median {panel:.1f} ms")
        print(f"dashboard's re-referral COUNT ({counted}): median {count:.1f} ms")
        print("plan:", "; ".join(plan))


if __name__ == "__main__":
    main()
