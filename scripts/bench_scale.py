"""Benchmark: every list and check page against a bare view, at 1,000 to 1,000,000 assessments, on PostgreSQL.

    scripts/with-postgres.sh .venv/bin/python scripts/bench_scale.py [--sizes 1000,10000,100000,1000000]
        [--rounds 200] [--rounds-large 50] [--batch 100000] [--explain]
    PGPORT=54339 .venv/bin/python scripts/bench_scale.py --keep DIR [same options]

Needs PostgreSQL: DATABASE_URL (scripts/with-postgres.sh sets it, and removes the cluster afterwards; PGPORT=54339
keeps clear of CI's 54329), or `--keep DIR`: the script makes its own cluster in DIR the first time (initdb, as
the postgres user when run as root), starts it on $PGPORT (54339 if unset) for the run and stops it afterwards,
keeping its data. The next run with the same DIR migrates it (so other branches' migrations apply), tops it up to
the largest size asked for, if it holds fewer, and times; at a size it already holds it seeds nothing. So, once:

    PGPORT=54339 .venv/bin/python scripts/bench_scale.py --keep /var/tmp/bench-pg --sizes 1000,10000,100000,1000000 \
        --rounds 30 --rounds-large 30 --explain                # about 5 minutes of seeding on 2 cores, 1.2 GB

and after merging other work, the timing alone at 1,000,000 (no seeding):

    PGPORT=54339 .venv/bin/python scripts/bench_scale.py --keep /var/tmp/bench-pg --sizes 1000000 --rounds-large 30

(`--skip dashboard` leaves a page out of the timing: the dashboard took 34 s a request at 1,000,000 on 29 Nov 2026.)

(`rm -rf DIR` to start again: a kept database only grows, and a smaller size asked of it times the size it holds.
Data that a later migration derives from existing rows, such as a maintained summary, is the migration's to fill.)

Loads the five frameworks and the demo users, then for each size tops the database up to that many Sefton assessments
with INSERT ... SELECT generate_series in batches of --batch (not the ORM; above 50,000 new rows the secondary indexes
of the tables filled are dropped first and built again after, then ANALYZE; synchronous_commit off for the seeding
only): a tenth drafts; of those sent in the last four weeks (OPEN_DAYS), three in nine decided, one being reviewed,
the rest new, and every one sent before then decided (a live partnership's open work is its last weeks' referrals, not
a share of all it was ever sent); every rated or decided one with its review; the first 10,000 belong to
`sefton-practitioner`, the rest to 20 other practitioners. All in one partnership, Sefton: a partnership's decade, or
a region's year put in one partnership, the harder case, since every page reads one partnership's rows. Whatever the
size, they were created and sent over the last three years (each its own slot of a permutation), so that a larger size
is a busier partnership over the same years, as the pages' periods see it. Child data as in scripts/bench_children.py
(300 first names, 1,000 surnames, born over 18 years); a fifth of the sent ones are about the child of an assessment
1,000 before, with a `ChildLink` (3 in 5 confirmed, 1 possible, 1 rejected; within a year as their dates say): the
queue's re-referral tag and the review page read them. The lead has a "sent to you" notification for each sent one
(those of the last 30 days unread); one in 200 has a disagreement (half of them open). Not seeded: the history tables,
record views, PDFs (each page reads them by one assessment, on an index).

For each size it starts gunicorn (1 sync worker; a throwaway redis-server as the cache and session store, as
deployed; portal.settings.bench: development settings, DEBUG off, plus `/bench/bare`, an `HttpResponse("ok")` under
the same middleware) and times, interleaved in every round, over keep-alive loopback connections:

- the bare view anonymous and signed in (a lead's session): the anchors;
- signed in: the review queue's first page, the dashboard (all time), My assessments (first page, the
  practitioner with up to 10,000), a review page;
- anonymous: the live suggestion and the result page (Sefton, 20 ticks).

Prints the median and p95 of each and the ratio of its median to the bare view of the same kind (anonymous or
signed in). `--explain` runs each query of the queue, My assessments, two review pages (one a re-referral) and a
child search by name and date of birth through Django's test client at each size, and prints PostgreSQL's
EXPLAIN (ANALYZE, BUFFERS): in full for the queue's and My assessments' and any over 2 ms, else its time. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "portal.settings.bench"

SEED = r"""
import sys
import time
from django.db import connection
from django.utils import timezone
from portal.models import User
from referrals.children.matching import surname_key
from referrals.models import Assessment, ChildLink, Escalation, Notification, Review
from thresholds.models import Framework

target, batch = int(sys.argv[-2]), int(sys.argv[-1])
YEARS = 3  # every size spreads its sent assessments over the last three years
OPEN_DAYS = 28  # sent more than four weeks ago: decided
SPREAD = 1_000_003  # a prime above the largest size: g -> mod(g * 611953, SPREAD) visits each slot once
MODELS = [Assessment, Review, ChildLink, Notification, Escalation]
TABLES = [model._meta.db_table for model in MODELS]
q = connection.ops.quote_name


def execute(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


execute("SET synchronous_commit = off")
execute("SET maintenance_work_mem = '512MB'")
# A run stopped while the secondary indexes were dropped left their definitions here: put them back first.
execute("CREATE TABLE IF NOT EXISTS bench_dropped_index (name text PRIMARY KEY, definition text NOT NULL)")
for name, definition in execute("SELECT name, definition FROM bench_dropped_index"):
    execute(f"{definition.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS', 1)}")
    execute("DELETE FROM bench_dropped_index WHERE name = %s", [name])

have = Assessment.objects.filter(reference__startswith="S").count()
if have > target:
    print(f"(the kept database already holds {have:,} bench assessments: timing at that size)")
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
    # A tenth drafts, three tenths decided, a tenth being reviewed, the rest sent (mod(g, 10)); a fifth of the sent
    # ones (mod(g, 5) = 2) are about the child of assessment g - 1000, linked to it (ChildLink, below).
    child = "(CASE WHEN mod(g, 5) = 2 AND g > 1000 THEN g - 1000 ELSE g END)"
    # When: spread over the last YEARS years whatever the size, each g its own slot (a permutation of 1..SPREAD).
    at = f"(%(now)s - mod(g::bigint * 611953, {SPREAD}) * (interval '{YEARS * 365.25} days' / {SPREAD}))"
    owner = f"CASE WHEN g <= 10000 THEN {practitioner.pk} ELSE (ARRAY{others})[1 + mod(g, 20)] END"
    # A partnership decides what it is sent within weeks: of those sent more than OPEN_DAYS ago, all are decided
    # (the open work, new and being reviewed, is the last weeks' referrals, as in a live partnership, not a share
    # of everything ever sent: sizes are a busier partnership, not one that never decides).
    old = f"{at} < %(now)s - interval '{OPEN_DAYS} days'"
    status = (
        f"(CASE WHEN mod(g, 10) = 0 THEN 'draft' WHEN mod(g, 10) <= 3 OR {old} THEN 'decided'"
        " WHEN mod(g, 10) = 4 THEN 'in_review' ELSE 'submitted' END)"
    )
    sent = f"CASE WHEN mod(g, 10) = 0 THEN NULL ELSE {at} END"
    rated = f"(mod(g, 10) BETWEEN 1 AND 4 OR (mod(g, 10) >= 5 AND (mod(g, 3) = 0 OR {old})))"
    due = f"CASE WHEN {rated} THEN {at} + interval '2 hours' END"
    special = {
        "id": "gen_random_uuid()",
        "reference": "'S' || lpad(g::text, 9, '0')",
        "owner_id": owner,
        "partnership_id": str(framework.partnership_id),
        "framework_id": str(framework.pk),
        "area": "'sefton'",
        "status": status,
        # made-up names from 300 first names and 1,000 surnames, born over 18 years (as scripts/bench_children.py)
        "child_name": f"'First' || mod({child} * 7, 300) || ' Surname' || mod({child} * 13, 1000)",
        "child_surname_key": f"'surname' || mod({child} * 13, 1000)",
        "date_of_birth": f"date '2008-01-01' + mod({child} * 31, 6570)::int",
        "suggested_level": "1 + mod(g, 4)",
        "submitted_at": sent,
        "created": f"{at} - interval '20 minutes'",
        "updated": at,
        "due_by": due,
        "indicators": "'[]'::jsonb",
    }

    def select(model, special, params):
        columns, values = [], []
        for field in model._meta.concrete_fields:
            if getattr(field, "generated", False) or (field.primary_key and field.column not in special):
                continue  # computed by the database, or an identity column
            columns.append(q(field.column))
            if field.column in special:
                values.append(special[field.column])
            elif field.null:
                values.append("NULL")
            else:
                values.append("%(d_" + field.column + ")s")
                params["d_" + field.column] = field.get_db_prep_save(field.get_default(), connection)
        return ", ".join(columns), ", ".join(values)

    params = {"now": now}
    a_columns, a_values = select(Assessment, special, params)
    review = {
        "assessment_id": "a.id",
        "rag": "CASE WHEN mod(a.g, 2) = 0 THEN 'Red' ELSE 'Amber' END",
        "due_by": "a.due_by",
        "decision": "CASE WHEN a.status = 'decided' THEN 'agree' ELSE '' END",
        "decided_level": "CASE WHEN a.status = 'decided' THEN a.suggested_level END",
        "outcome": "CASE WHEN a.status = 'decided' THEN 'Signposting' ELSE '' END",
        "reviewer_id": str(lead.pk),
        "decided_at": "CASE WHEN a.status = 'decided' THEN a.submitted_at + (mod(a.g, 5)) * interval '1 hour' END",
        "updated": "%(now)s",
    }
    r_columns, r_values = select(Review, review, params)
    # A fifth of the sent ones are linked to g - 1000 (the same made-up child): three in five confirmed, one possible,
    # one rejected; `within_year` as the dates say. The earlier of the two by date is the link's earlier one.
    decided = "(mod(a.g, 25) < 15 OR mod(a.g, 25) >= 20)"  # confirmed or rejected by the lead
    link = {
        "earlier_id": "CASE WHEN b.submitted_at <= a.submitted_at THEN b.id ELSE a.id END",
        "later_id": "CASE WHEN b.submitted_at <= a.submitted_at THEN a.id ELSE b.id END",
        "partnership_id": str(framework.partnership_id),
        "status": (
            "CASE WHEN mod(a.g, 25) < 15 THEN 'confirmed' WHEN mod(a.g, 25) < 20 THEN 'possible' ELSE 'rejected' END"
        ),
        "reason": "'Same name and date of birth'",
        "within_year": "abs(extract(epoch FROM a.submitted_at - b.submitted_at)) < 365 * 86400",
        "created": "greatest(a.submitted_at, b.submitted_at)",
        "decided_by_id": f"CASE WHEN {decided} THEN {lead.pk} END",
        "decided_at": f"CASE WHEN {decided} THEN greatest(a.submitted_at, b.submitted_at) END",
    }
    l_columns, l_values = select(ChildLink, link, params)
    # The lead's message for each sent one (as `notification_queue` writes it), unread for the last 30 days only (a
    # lead who marks them read now and then); one in 200 (decided ones) disagreed with, one in 400 still open.
    notification = {
        "recipient_id": str(lead.pk),
        "kind": "'submitted'",
        "reference": "a.reference",
        "partnership_id": str(framework.partnership_id),
        "subject": "'Assessment ' || a.reference || ' sent to you'",
        "body": "'Assessment ' || a.reference || ' was sent to Sefton''s safeguarding leads.'",
        "link": "'/review/' || a.id || '/'",
        "created": "a.submitted_at",
        "state": "'sent'",
        "sent_at": "a.submitted_at",
        "read_at": "CASE WHEN a.submitted_at < %(now)s - interval '30 days' THEN a.submitted_at + interval '1 day' END",
    }
    n_columns, n_values = select(Notification, notification, params)
    escalation = {
        "assessment_id": "a.id",
        "raised_by_id": "a.owner_id",
        "raised_at": "a.submitted_at + interval '1 day'",
        "reason": "'The level does not reflect what we see'",
        "status": "CASE WHEN mod(a.g, 400) = 3 THEN 'open' ELSE 'resolved' END",
        "step_started": "a.submitted_at + interval '1 day'",
        "resolved_at": "CASE WHEN mod(a.g, 400) = 3 THEN NULL ELSE a.submitted_at + interval '5 days' END",
    }
    e_columns, e_values = select(Escalation, escalation, params)
    a_table, r_table, l_table, n_table, e_table = (q(t) for t in TABLES)
    reference = "'S' || lpad((a.g - 1000)::text, 9, '0')"

    # Many rows at once: drop the secondary (not unique) indexes, insert, build them again (much faster than
    # keeping each up to date row by row), then ANALYZE.
    dropped = []
    if target - have >= 50_000:
        dropped = execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname"
            " JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY(%s) AND NOT x.indisunique",
            [TABLES],
        )
        for name, definition in dropped:
            execute("INSERT INTO bench_dropped_index VALUES (%s, %s)", [name, definition])
            execute(f"DROP INDEX {q(name)}")
    for low in range(have + 1, target + 1, batch):
        high = min(target, low + batch - 1)
        started = time.perf_counter()
        execute(
            f"WITH a AS (INSERT INTO {a_table} ({a_columns}) SELECT {a_values} FROM generate_series({low}, {high}) g"
            f" RETURNING id, reference, substr(reference, 2)::int AS g, status, due_by, submitted_at,"
            f" suggested_level, owner_id),"
            f" r AS (INSERT INTO {r_table} ({r_columns}) SELECT {r_values} FROM a WHERE a.due_by IS NOT NULL),"
            f" n AS (INSERT INTO {n_table} ({n_columns}) SELECT {n_values} FROM a WHERE a.status <> 'draft'),"
            f" e AS (INSERT INTO {e_table} ({e_columns}) SELECT {e_values} FROM a WHERE mod(a.g, 200) = 3)"
            f" SELECT count(*) FROM a",
            params,
        )
        # Its own statement: a statement does not see the rows its own WITH inserted (g - 1000 may be one).
        execute(
            f"INSERT INTO {l_table} ({l_columns}) SELECT {l_values}"
            f" FROM (SELECT *, substr(reference, 2)::int AS g FROM {a_table}"
            f" WHERE reference BETWEEN %(low)s AND %(high)s) a JOIN {a_table} b ON b.reference = {reference}"
            f" WHERE mod(a.g, 5) = 2 AND a.g > 1000 AND a.status <> 'draft'",
            params | {"low": f"S{low:09d}", "high": f"S{high:09d}"},
        )
        print(f"  {high:,} ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)
    started = time.perf_counter()
    for name, definition in dropped:
        execute(definition)
        execute("DELETE FROM bench_dropped_index WHERE name = %s", [name])
    if dropped:
        print(f"  {len(dropped)} indexes built again ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    one = Assessment.objects.filter(reference__startswith="S").exclude(child_name="").first()
    assert one.child_surname_key == surname_key(one.child_name), "the seeded surname key is not surname_key's"
    execute("VACUUM ANALYZE")  # as autovacuum leaves a live database: index-only scans possible
    # Raw SQL went round the services: the sent counts and the dashboard's summaries are counted once, as the
    # data migration and the count_dashboards worker would have kept them (issue 19).
    from referrals.dashboard.services import dashboard_summaries_count_all, sent_counts_recount

    sent_counts_recount()
    dashboard_summaries_count_all()
counts = ", ".join(f"{model.objects.count():,} {model._meta.verbose_name_plural}" for model in MODELS)
size = execute("SELECT pg_database_size(current_database())")[0][0]
print(f"{counts}; database {size / 2**20:,.0f} MiB")
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
linked = Assessment.objects.filter(earlier_links__status="confirmed", status="submitted").order_by("reference").first()
print("rereferral", (linked or one).pk)
born = one.date_of_birth  # the search form's fields, "=" and "&" between (the made-up name has neither)
print("search", f"reason=reviewing&name={one.child_name}&date_of_birth_0={born.day}&date_of_birth_1={born.month}"
      f"&date_of_birth_2={born.year}")
"""

EXPLAIN = r"""
import re
import sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Every query of each page, as the page runs it (test client, the sessions made above), with PostgreSQL's plan:
# in full for the queries over `full_ms` (and every query of the queue and My assessments), else one line each.
sessions = dict(line.split(" ", 1) for line in sys.argv[-1].splitlines())  # SESSIONS' output
search = dict(pair.split("=", 1) for pair in sessions["search"].split("&"))
pages = [
    ("review queue, first page", "sefton-lead", "/review/", None, True),
    ("My assessments, first page", "sefton-practitioner", "/assessments/", None, True),
    ("review page", "sefton-lead", f"/review/{sessions['review']}/", None, False),
    ("review page, a re-referral", "sefton-lead", f"/review/{sessions['rereferral']}/", None, False),
    ("child search by name and date of birth", "sefton-lead", "/review/children/search", search, False),
]
full_ms = 2.0
for title, who, path, data, everything in pages:
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = sessions[who]
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data) if data else client.get(path)
    print(f"\n== {title}: {'POST' if data else 'GET'} {path} -> {response.status_code}, {len(captured)} queries")
    for query in captured:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            print(f"   (not explained) {sql[:100]}")
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        took = float(re.search(r"Execution Time: ([0-9.]+)", plan[-1]).group(1))
        if everything or took > full_ms:
            print(f"-- {took:.2f} ms: {sql[:300]}{'...' if len(sql) > 300 else ''}")
            print("\n".join("   " + line for line in plan))
        else:
            print(f"-- {took:.2f} ms: {sql[:140]}")
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
        stdout=subprocess.PIPE,  # stderr passes through: the seeding's progress
    )
    if done.returncode:
        raise SystemExit(f"the script's Django code failed (exit {done.returncode})")
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
            "--timeout",
            "600",  # the slowest page at 1,000,000 must finish, not be killed
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
    ordered = sorted(times)  # nearest rank: the smallest time at or above 95% of them
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--rounds-large", type=int, default=50, help="rounds at 1,000,000")
    parser.add_argument("--batch", type=int, default=100_000, help="assessments per INSERT while seeding")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--skip", default="", help="pages not to time: words of their names, e.g. dashboard,pdf")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        type=Path,
        help="keep the PostgreSQL cluster in DIR (made on first use, on $PGPORT or 54339) and reuse it next time",
    )
    args = parser.parse_args()
    with kept_cluster(args.keep) if args.keep else nullcontext():
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise SystemExit("DATABASE_URL must be PostgreSQL: scripts/with-postgres.sh .venv/bin/python " + __file__)
        with redis() as redis_url:
            bench(
                args,
                dict(
                    os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, DEBUG="false", LOG_LEVEL="WARNING", REDIS_URL=redis_url
                ),
            )


@contextmanager
def kept_cluster(root: Path) -> Iterator[None]:
    """A PostgreSQL cluster in `root` that outlives the run: made (initdb) the first time, started for the run and
    stopped afterwards with its data kept, so the next run tops it up (or, at the same size, seeds nothing)."""
    pgbin = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
    port = os.environ.get("PGPORT", "54339")
    root = root.resolve()
    data = root / "data"
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if not data.exists():
        root.mkdir(parents=True, exist_ok=True)
        if as_pg:
            subprocess.run(["chown", "postgres:", str(root)], check=True)  # noqa: S607
        root.chmod(0o700)
        subprocess.run(  # noqa: S603
            [*as_pg, str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
            + ["--locale=C.UTF-8", "--no-sync"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # As scripts/with-postgres.sh (no fsync), plus room for the seeding's index builds and WAL.
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        " -c max_wal_size=4GB -c maintenance_work_mem=512MB"
    )
    pg_ctl = [*as_pg, str(pgbin / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-l", str(root / "log"), "-w", "-t", "60", "-o", options, "start"], check=True)  # noqa: S603
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
    try:
        yield
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], check=False)  # noqa: S603


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
        seeded = shell(env, SEED, str(size), str(args.batch)).strip()
        print(seeded, f"(seeded in {time.perf_counter() - started:.0f} s)", flush=True)
        made = shell(env, SESSIONS)
        lines = dict(line.split(" ", 1) for line in made.splitlines())
        if args.explain:
            print(shell(env, EXPLAIN, made), flush=True)
        rounds = args.rounds if size < 1_000_000 else args.rounds_large
        results[size] = run(env, lines, rounds, [w for w in args.skip.split(",") if w])
        report(size, rounds, results[size])
    print("\n| page | " + " | ".join(f"{size:,}" for size in results) + " |")
    print("|---|" + "---|" * len(results))
    for page in next(iter(results.values())):
        cells = [f"{m:.1f} / {p:.1f} ms = {r:.1f}x" for m, p, r in (results[size][page] for size in results)]
        print(f"| {page} | " + " | ".join(cells) + " |")


def run(
    env: dict[str, str], sessions: dict[str, str], rounds: int, skip: list[str]
) -> dict[str, tuple[float, float, float]]:
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
        pages = {n: page for n, page in pages.items() if n.startswith("bare view") or not any(w in n for w in skip)}
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
