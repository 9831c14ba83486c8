"""Benchmark: a lead's review queue and dashboard with 10,000 submitted assessments, served by gunicorn.

    .venv/bin/python scripts/bench_queue.py [--assessments 10000] [--requests 100]

Fills a throwaway SQLite database (frameworks, a demo lead, N submitted assessments with reviews for
a third of them), starts gunicorn like scripts/bench_pages.py and times the queue's first page.
"""

from __future__ import annotations

import argparse
import http.client
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import PYTHON, ROOT, bench_env, report, serve, timed  # noqa: E402

FILL = """
import sys
from datetime import timedelta
from django.utils import timezone
from portal.models import User
from referrals.models import Assessment, Review
from thresholds.models import Framework
n = int(sys.argv[1])
framework = Framework.objects.get(slug="sefton")
lead = User.objects.get(username="sefton-lead")
owner = User.objects.get(username="sefton-practitioner")
now = timezone.now()
rows = [Assessment(owner=owner, partnership=framework.partnership, framework=framework, area="sefton",
        reference=f"B{i:08d}", child_name=f"Child {i}", status="submitted", indicators=[],
        suggested_level=1 + i % 4, submitted_at=now - timedelta(minutes=i),
        due_by=now - timedelta(minutes=i) + timedelta(hours=2) if i % 3 == 0 else None) for i in range(n)]
Assessment.objects.bulk_create(rows, batch_size=2000)
Review.objects.bulk_create([Review(assessment=a, rag="Red", due_by=a.due_by, reviewer=lead)
                            for a in rows[::3]], batch_size=2000)
print(Assessment.objects.count(), "assessments")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    env = bench_env()
    for command in (["migrate", "-v0"], ["load_frameworks"], ["demo_users", "--force"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", FILL.replace("int(sys.argv[1])", str(args.assessments))],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with serve(env) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/account/sign-in/")
        first = conn.getresponse()
        page = first.read().decode()
        csrf = (first.getheader("Set-Cookie") or "").split(";")[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "no CSRF token on the page"
        token = found.group(1)
        body = urlencode({"csrfmiddlewaretoken": token, "username": "sefton-lead", "password": "threshold-demo"})
        headers = {"Cookie": csrf, "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", "/account/sign-in/", body=body, headers=headers)
        signed_in = conn.getresponse()
        signed_in.read()
        set_cookies = signed_in.headers.get_all("Set-Cookie") or []
        session = [c.split(";")[0] for c in set_cookies if c.startswith("sessionid")][0]
        cookies = {"Cookie": f"{csrf}; {session}"}
        for _ in range(10):
            timed(conn, "GET", "/review/", None, cookies)
        print(f"gunicorn 1 worker, SQLite, DEBUG off; {args.assessments} submitted assessments")
        report(
            "GET review queue, first page (50 rows)",
            [timed(conn, "GET", "/review/", None, cookies) for _ in range(args.requests)],
        )
        report(
            "GET review queue, level 4 filter",
            [timed(conn, "GET", "/review/?level=4", None, cookies) for _ in range(args.requests)],
        )
        report(
            "GET lead dashboard, all time",
            [timed(conn, "GET", "/review/dashboard/", None, cookies) for _ in range(args.requests)],
        )


if __name__ == "__main__":
    main()
