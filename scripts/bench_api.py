"""Benchmark: `GET /api/v1/referrals` with 10,000 sent referrals, served by gunicorn, against a bare view.

    .venv/bin/python scripts/bench_api.py [--assessments 10000] [--requests 100]

Fills a throwaway SQLite database like scripts/bench_queue.py (a third of the referrals decided), makes a read
token with `manage.py api_token create`, starts gunicorn (1 worker, DEBUG off, scripts/bench_pages.py) and times:
the bare view (`GET /healthz`: one database and one cache round trip, no token), the first page of 50, a page
deep in the list (by cursor), a filtered page, and the whole returns CSV (10,000 rows, streamed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import PYTHON, ROOT, bench_env, report, serve, timed  # noqa: E402
from bench_queue import FILL  # noqa: E402

DECIDE = """
from django.utils import timezone
from referrals.models import Assessment, Review
ids = list(Review.objects.values_list("assessment_id", flat=True))
Review.objects.update(decision="agree", decided_level=2, outcome="Signposting", decided_at=timezone.now())
print(Assessment.objects.filter(pk__in=ids).update(status="decided"), "decided")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    env = bench_env() | {"API_RATE_LIMIT": "1000000"}
    for command in (["migrate", "-v0"], ["load_frameworks"], ["demo_users", "--force"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    for script in (FILL.replace("int(sys.argv[1])", str(args.assessments)), DECIDE):
        subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)
    made = subprocess.run(
        [PYTHON, "manage.py", "api_token", "create", "--partnership", "sefton", "--name", "bench"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    headers = {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}
    with serve(env) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/api/v1/referrals?limit=50", headers=headers)
        first = json.loads(conn.getresponse().read())
        assert len(first["items"]) == 50, first
        deep = "/api/v1/referrals"
        for _ in range(20):  # 20 pages in: a cursor deep in the list
            conn.request("GET", deep, headers=headers)
            deep = "/api/v1/referrals?" + urlsplit(json.loads(conn.getresponse().read())["next"]).query
        for _ in range(10):
            timed(conn, "GET", "/api/v1/referrals", None, headers)
            timed(conn, "GET", "/healthz", None, {})
        n = args.requests
        print(f"gunicorn 1 worker, SQLite, DEBUG off; {args.assessments} sent referrals")
        report("GET /healthz (bare view)", [timed(conn, "GET", "/healthz", None, {}) for _ in range(n)])
        report(
            "GET /api/v1/referrals (first 50)",
            [timed(conn, "GET", "/api/v1/referrals", None, headers) for _ in range(n)],
        )
        report("GET /api/v1/referrals, page 21 (cursor)", [timed(conn, "GET", deep, None, headers) for _ in range(n)])
        report(
            "GET /api/v1/referrals?status=decided&level=4",
            [timed(conn, "GET", "/api/v1/referrals?status=decided&level=4", None, headers) for _ in range(n)],
        )
        report(
            "GET /api/v1/referrals?format=csv (all rows)",
            [timed(conn, "GET", "/api/v1/referrals?format=csv", None, headers) for _ in range(max(5, n // 10))],
        )


if __name__ == "__main__":
    main()
