"""Benchmark: every list and check page against a bare view, at 1,000 to 1,000,000 assessments, on PostgreSQL.

    scripts/with-postgres.sh .venv/bin/python scripts/bench_scale.py [--sizes 1000,10000,100000,1000000]
        [--rounds 200] [--rounds-large 50] [--explain]

Needs DATABASE_URL to be PostgreSQL (scripts/with-postgres.sh sets it; PGPORT=54339 keeps clear of CI's 54329).
Loads the five frameworks and the demo users, then for each size tops the database up to that many Sefton
assessments with INSERT ... SELECT generate_series (not the ORM; then the sent counts and the dashboard's summaries
are counted once, as sending and the `count_dashboards` worker keep them): a tenth drafts, three tenths decided, a
tenth being reviewed, the rest sent; every rated or decided one with its review; the first 10,000 belong to
`sefton-practitioner`, the rest to 20 other practitioners. For each size it starts gunicorn (1 sync worker; a throwaway
redis-server as the cache and session store, as deployed; portal.settings.bench: development settings, DEBUG off,
plus `/bench/bare`, an `HttpResponse("ok")` under the same middleware) and times, interleaved in every round, over
keep-alive loopback connections:

- the bare view anonymous and signed in (a lead's session): the anchors;
- signed in: the review queue's first page, the dashboard (all time), My assessments (first page, the
  practitioner with up to 10,000), a review page;
- anonymous: the live suggestion and the result page (Sefton, 20 ticks).

Prints the median and p95 of each and the ratio of its median to the bare view of the same kind (anonymous or
signed in). `--explain` prints PostgreSQL's plan for the queue's first page at each size. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "portal.settings.bench"

SEED = r"""
import sys
from django.db import connection
from django.utils import timezone
from portal.models import User
from referrals.models import Assessment, Review
from thresholds.models import Framework

target = int(sys.argv[-1])
have = Assessment.objects.filter(reference__startswith="S").count()
if target > have:
    framework = Framework.objects.get(partnership__slug="sefton", status="current")
    practitioner = User.objects.get(username="sefton-practitioner")
    lead = User.objects.get(username="sefton-lead")
    others = []
    for i in range(20):
        user, _ = User.objects.get_or_create(
            username=f"bench-practitioner-{i}",
            defaults={"role": practitioner.role, "partnership": practitioner.partnership},
        )
        others.append(user.pk)
    now = timezone.now()
    owner = f"CASE WHEN g <= 10000 THEN {practitioner.pk} ELSE (ARRAY{others})[1 + mod(g, 20)] END"
    status = (
        "(CASE WHEN mod(g, 10) = 0 THEN 'draft' WHEN mod(g, 10) <= 3 THEN 'decided'"
        " WHEN mod(g, 10) = 4 THEN 'in_review' ELSE 'submitted' END)"
    )
    sent = f"CASE WHEN mod(g, 10) = 0 THEN NULL ELSE %(now)s - g * interval '1 minute' END"
    rated = "(mod(g, 10) BETWEEN 1 AND 4 OR (mod(g, 10) >= 5 AND mod(g, 3) = 0))"
    due = f"CASE WHEN {rated} THEN %(now)s - g * interval '1 minute' + interval '2 hours' END"
    special = {
        "id": "gen_random_uuid()",
        "reference": "'S' || lpad(g::text, 9, '0')",
        "owner_id": owner,
        "partnership_id": str(framework.partnership_id),
        "framework_id": str(framework.pk),
        "area": "'sefton'",
        "status": status,
        "child_name": "'Child ' || g",
        "suggested_level": "1 + mod(g, 4)",
        "submitted_at": sent,
        "created": "%(now)s - g * interval '1 minute'",
        "updated": "%(now)s - g * interval '1 minute'",
        "due_by": due,
        "indicators": "'[]'::jsonb",
    }

    def insert(model, special, source, params):
        columns, values = [], []
        for field in model._meta.concrete_fields:
            if getattr(field, "generated", False) or (field.primary_key and field.column not in special):
                continue  # computed by the database, or an identity column
            columns.append(connection.ops.quote_name(field.column))
            if field.column in special:
                values.append(special[field.column])
            elif field.null:
                values.append("NULL")
            else:
                default = field.get_default()
                values.append("%(d_" + field.column + ")s")
                params["d_" + field.column] = field.get_db_prep_save(default, connection)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    source = f"generate_series({have + 1}, {target}) AS g"
    insert(Assessment, special, source, {"now": now})
    review = {
        "assessment_id": "a.id",
        "rag": "CASE WHEN mod(g, 2) = 0 THEN 'Red' ELSE 'Amber' END",
        "due_by": "a.due_by",
        "decision": "CASE WHEN a.status = 'decided' THEN 'agree' ELSE '' END",
        "decided_level": "CASE WHEN a.status = 'decided' THEN a.suggested_level END",
        "outcome": "CASE WHEN a.status = 'decided' THEN 'Signposting' ELSE '' END",
        "reviewer_id": str(lead.pk),
        "decided_at": "CASE WHEN a.status = 'decided' THEN a.submitted_at + (mod(g, 5)) * interval '1 hour' END",
        "updated": "%(now)s",
    }
    table = connection.ops.quote_name(Assessment._meta.db_table)
    join = (
        f"generate_series({have + 1}, {target}) AS g JOIN {table} a ON a.reference = 'S' || lpad(g::text, 9, '0')"
        f" WHERE a.due_by IS NOT NULL"
    )
    insert(Review, review, join, {"now": now})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database: index-only scans possible
    # Raw SQL went round the services: the sent counts and the dashboard's summaries are counted once, as the
    # data migration and the count_dashboards worker would have kept them (issue 19).
    from referrals.dashboard.services import dashboard_summaries_count_all, sent_counts_recount

    sent_counts_recount()
    dashboard_summaries_count_all()
print(Assessment.objects.count(), "assessments")
"""

SESSIONS = r"""
import time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from portal.middleware import SIGNED_IN_AT
from portal.models import User
from portal.session_backends import REFRESHED_AT
from referrals.models import Assessment

store = import_module(settings.SESSION_ENGINE).SessionStore
for name in ("sefton-lead", "sefton-practitioner"):
    user = User.objects.get(username=name)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.auth_backends.CachedUserBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = session[REFRESHED_AT] = int(time.time())
    session.create()
    print(name, session.session_key)
one = Assessment.objects.filter(reference__startswith="S", status="submitted").order_by("reference").first()
print("review", one.pk)
"""

EXPLAIN = r"""
from django.db import connection
from django.utils import timezone
from portal.models import User
from referrals.review.selectors import queue_for

lead = User.objects.get(username="sefton-lead")
found = queue_for(lead=lead, filters={"level": "", "area": "", "status": "", "rag": "", "overdue": ""}, page="1",
                  now=timezone.now())
print(found.page.object_list.explain(analyze=True, buffers=True))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return done.stdout if capture else ""


def shell(env: dict[str, str], code: str, *argv: str) -> str:
    done = subprocess.run(
        [PYTHON, "-c", "import django, sys; django.setup(); exec(sys.stdin.read())", *argv],
        cwd=ROOT,
        env=env,
        input=code,
        text=True,
        capture_output=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout


@contextmanager
def serve(env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--env",
            f"DJANGO_SETTINGS_MODULE={SETTINGS}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


class Client:
    def __init__(self, port: int, cookie: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = cookie

    def timed(self, method: str, path: str, body: str | None = None, headers: dict | None = None) -> float:
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{method} {path}: HTTP {response.status}")
        return elapsed


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--rounds-large", type=int, default=50, help="rounds at 1,000,000")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must be PostgreSQL: scripts/with-postgres.sh .venv/bin/python " + __file__)
    with redis() as redis_url:
        bench(
            args,
            dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, DEBUG="false", LOG_LEVEL="WARNING", REDIS_URL=redis_url),
        )


@contextmanager
def redis() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port: the shared cache and session store, as deployed."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        ["/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench(args: argparse.Namespace, env: dict[str, str]) -> None:
    manage(env, "migrate", "-v0")
    manage(env, "load_frameworks", capture=True)
    manage(env, "demo_users", "--force", capture=True)
    results: dict[int, dict[str, tuple[float, float, float]]] = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        print(shell(env, SEED, str(size)).strip(), f"(seeded in {time.perf_counter() - started:.0f} s)", flush=True)
        if args.explain:
            print(shell(env, EXPLAIN))
        lines = dict(line.split(" ", 1) for line in shell(env, SESSIONS).splitlines())
        rounds = args.rounds if size < 1_000_000 else args.rounds_large
        results[size] = run(env, lines, rounds)
        report(size, rounds, results[size])
    print("\n| page | " + " | ".join(f"{size:,}" for size in results) + " |")
    print("|---|" + "---|" * len(results))
    for page in next(iter(results.values())):
        cells = [f"{m:.1f} / {p:.1f} ms = {r:.1f}x" for m, p, r in (results[size][page] for size in results)]
        print(f"| {page} | " + " | ".join(cells) + " |")


def run(env: dict[str, str], sessions: dict[str, str], rounds: int) -> dict[str, tuple[float, float, float]]:
    with serve(env) as port:
        anonymous = Client(port)
        lead = Client(port, f"sessionid={sessions['sefton-lead']}")
        practitioner = Client(port, f"sessionid={sessions['sefton-practitioner']}")
        check = "/check/sefton/sefton/"
        anonymous.conn.request("GET", check)
        first = anonymous.conn.getresponse()
        page = first.read().decode()
        anonymous.cookie = (first.getheader("Set-Cookie") or "").split(";")[0]  # the CSRF cookie, no session
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        codes = re.findall(r'name="indicators" type="checkbox" value="([^"]+)"', page)
        assert token and codes, "the check page has no form"
        ticks = codes[:: max(1, len(codes) // 20)][:20]
        body = urlencode([("csrfmiddlewaretoken", token.group(1))] + [("indicators", c) for c in ticks])
        post = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}{check}"}
        review = f"/review/{sessions['review']}/"
        pages = {
            "bare view, anonymous (anchor)": (anonymous, "GET", "/bench/bare", None, {}, "anonymous"),
            "bare view, signed in": (lead, "GET", "/bench/bare", None, {}, "anonymous"),
            "review queue, first page": (lead, "GET", "/review/", None, {}, "signed"),
            "lead dashboard, all time": (lead, "GET", "/review/dashboard/?period=all", None, {}, "signed"),
            "My assessments, first page": (practitioner, "GET", "/assessments/", None, {}, "signed"),
            "review page": (lead, "GET", review, None, {}, "signed"),
            "live suggestion, 20 ticks": (
                anonymous,
                "POST",
                check + "suggestion",
                body,
                post | {"HX-Request": "true"},
                "anonymous",
            ),
            "result page, 20 ticks": (anonymous, "POST", check + "result", body, post, "anonymous"),
        }
        times: dict[str, list[float]] = {name: [] for name in pages}
        for round_ in range(rounds + 5):
            for name, (client, method, path, data, headers, _) in pages.items():
                took = client.timed(method, path, data, headers)
                if round_ >= 5:  # the first five warm up
                    times[name].append(took)
    anchors = {
        "anonymous": statistics.median(times["bare view, anonymous (anchor)"]),
        "signed": statistics.median(times["bare view, signed in"]),
    }
    return {
        name: (statistics.median(t), p95(t), statistics.median(t) / anchors[pages[name][5]])
        for name, t in times.items()
    }


def report(size: int, rounds: int, figures: dict[str, tuple[float, float, float]]) -> None:
    print(f"\n{size:,} assessments, {rounds} rounds, gunicorn 1 worker, PostgreSQL, DEBUG off")
    for name, (median, high, ratio) in figures.items():
        print(f"  {name:34} median {median:8.1f} ms   p95 {high:8.1f} ms   {ratio:6.1f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
