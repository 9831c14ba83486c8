"""Load test: a morning's mix of practitioners and leads against gunicorn on PostgreSQL (locust, bounded in time).

    scripts/with-postgres.sh .venv/bin/python scripts/load.py [--users 100] [--run-time 300] [--workers 5]

Needs DATABASE_URL to be PostgreSQL. Migrates and loads the frameworks, makes the people (practitioners of
Sefton with complete draft assessments ready to send; leads with a second factor) and some sent assessments to
triage, starts a throwaway redis-server and gunicorn (`--workers` sync workers, the deployed configuration's
other settings), then runs `--users` simulated people for `--run-time` seconds, each waiting 1 to 5 seconds
between actions:

- practitioners (4 in 5): the quick check (the indicator page, live suggestions as they tick, the result page),
  "My assessments", and now and then sending one of their assessments to their lead;
- leads (1 in 5): the queue, an assessment's review page, the dashboard.

Prints requests a second, the median and p95 response time, the errors, and the submissions made and stored;
exits 1 on any error or if the two counts differ. scripts/test.sh runs it briefly (20 users, 20 seconds).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import gevent  # type: ignore[import-untyped]
from locust import HttpUser, between, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "load-test-passphrase-2026"  # noqa: S105 (throwaway accounts of this test)
DRAFTS = 5  # per practitioner account (one account per simulated person)
PRACTITIONERS = LEADS = 0  # set from --users

SETUP = r"""
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.models import User
from portal.tests.factories import AssessmentFactory
from referrals.models import Assessment
from thresholds.models import Partnership

sefton = Partnership.objects.get(slug="sefton")
for i in range(LEADS):
    lead = User.objects.create_user(f"load-l{i}", email=f"load-l{i}@example.org", password=PASS, role="lead",
                                    partnership=sefton, first_name="Load", last_name=f"Lead {i}")
    TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)
for i in range(PRACTITIONERS):
    owner = User.objects.create_user(f"load-p{i}", email=f"load-p{i}@example.org", password=PASS,
                                     role="practitioner", partnership=sefton, first_name="Load", last_name=f"P {i}")
    for n in range(DRAFTS):
        AssessmentFactory(owner=owner)
    AssessmentFactory(owner=owner, submitted=True)  # something to triage
import time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from portal.middleware import SIGNED_IN_AT
from portal.second_factor import NEEDED
from portal.session_backends import REFRESHED_AT

store = import_module(settings.SESSION_ENGINE).SessionStore
for user in User.objects.filter(username__startswith="load-"):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.auth_backends.CachedUserBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = session[REFRESHED_AT] = int(time.time())
    if user.role == "lead":  # signed in with the second factor already: the morning has begun
        session[NEEDED] = True
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.create()
    print("session", user.username, session.session_key)
print(Assessment.objects.filter(status="submitted").count())
"""

SESSIONS: dict[str, str] = {}

COUNT = r"""
from referrals.models import Assessment
print(Assessment.objects.filter(status="submitted").count())
"""


def django(env: dict[str, str], code: str) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-c", "import django, sys; django.setup(); exec(sys.stdin.read())"],
        input=code,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""

    def sign_in(self) -> None:
        """Already signed in (a session made beforehand): the sign-in's password hashing is not the morning's mix."""
        self.client.cookies.set("sessionid", SESSIONS[self.username])


class Practitioner(Person):
    weight = 4
    taken: list[int] = []
    sent = 0

    def on_start(self) -> None:
        number = len(Practitioner.taken) % PRACTITIONERS
        Practitioner.taken.append(number)
        self.username = f"load-p{number}"
        self.sign_in()
        mine = self.client.get("/assessments/?status=draft", name="My assessments").text
        self.drafts = re.findall(r'href="/assessments/([0-9a-f-]{36})/"', mine)

    @task(6)
    def check(self) -> None:
        page = self.client.get("/check/sefton/sefton/", name="indicator page").text
        codes = re.findall(r'name="indicators" type="checkbox" value="([^"]+)"', page)
        ticked = random.sample(codes, 8)
        csrf = token(page)
        headers = {"HX-Request": "true"}
        for n in (2, 5, 8):
            body = {"csrfmiddlewaretoken": csrf, "indicators": ticked[:n]}
            self.client.post("/check/sefton/sefton/suggestion", body, headers=headers, name="live suggestion")
        self.client.post("/check/sefton/sefton/result", {"csrfmiddlewaretoken": csrf, "indicators": ticked},
                         name="result page")  # fmt: skip

    @task(2)
    def mine(self) -> None:
        self.client.get("/assessments/", name="My assessments")

    @task(1)
    def send(self) -> None:
        if not self.drafts:
            return
        pk = self.drafts.pop()
        page = self.client.get(f"/assessments/{pk}/", name="overview").text
        with self.client.post(f"/assessments/{pk}/submit", {"csrfmiddlewaretoken": token(page)}, name="send",
                              catch_response=True) as response:  # fmt: skip
            if "has been sent to your safeguarding lead" in response.text:
                Practitioner.sent += 1
                response.success()
            else:
                response.failure("not sent")


class Lead(Person):
    weight = 1
    taken: list[int] = []

    def on_start(self) -> None:
        number = len(Lead.taken) % LEADS
        Lead.taken.append(number)
        self.username = f"load-l{number}"
        self.sign_in()

    @task(4)
    def triage(self) -> None:
        queue = self.client.get("/review/", name="queue").text
        found = re.findall(r'href="/review/([0-9a-f-]{36})/"', queue)
        if found:
            self.client.get(f"/review/{random.choice(found)}/", name="review page")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/review/dashboard/?period=30", name="dashboard")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--run-time", type=int, default=300, help="seconds")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    args = parser.parse_args()
    global PRACTITIONERS, LEADS  # noqa: PLW0603 (read by the user classes)
    PRACTITIONERS, LEADS = args.users, args.users // 2 + 1
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must be PostgreSQL: scripts/with-postgres.sh .venv/bin/python scripts/load.py")
    redis_port, port = free_port(), free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="ERROR",
        AXES_FAILURE_LIMIT="1000",  # every simulated person signs in from 127.0.0.1
    )
    redis = subprocess.Popen(  # noqa: S603
        ["/usr/bin/redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    server = None
    try:
        wait_for(redis_port)
        for command in (["migrate", "-v0"], ["load_frameworks"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        code = f"PASS = {PASSWORD!r}\nLEADS, PRACTITIONERS, DRAFTS = {LEADS}, {PRACTITIONERS}, {DRAFTS}\n"
        made = django(env, code + SETUP).splitlines()
        SESSIONS.update((line.split()[1], line.split()[2]) for line in made if line.startswith("session "))
        before = int(made[-1])
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "portal.wsgi:application", "-c", "deploy/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--log-level", "warning",
             "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        wait_for(port)
        # At the end each simulated person finishes what they are doing (stop_timeout): a submission in flight is
        # counted as made, so made and stored can be compared exactly.
        environment = Environment(user_classes=[Practitioner, Lead], host=f"http://127.0.0.1:{port}", stop_timeout=120)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=max(1, args.users / 10))
        gevent.spawn_later(args.run_time, runner.quit)
        runner.greenlet.join()
        total = environment.stats.total
        stored = int(django(env, COUNT)) - before
        print(f"{args.users} users, {args.run_time} s, gunicorn {args.workers} workers, PostgreSQL and Redis")
        print(f"requests {total.num_requests}, {total.total_rps:.1f} a second, median {total.median_response_time} ms,"
              f" p95 {total.get_response_time_percentile(0.95)} ms, errors {total.num_failures}")  # fmt: skip
        for name, entry in sorted(environment.stats.entries.items()):
            print(f"  {name[1]:4} {name[0]:18} n={entry.num_requests:5}  median {entry.median_response_time} ms"
                  f"  p95 {entry.get_response_time_percentile(0.95)} ms  errors {entry.num_failures}")  # fmt: skip
        for error in environment.stats.errors.values():
            print(f"  error: {error.method} {error.name}: {error.error} ({error.occurrences})")
        print(f"submissions made {Practitioner.sent}, stored {stored}")
        if total.num_failures or stored != Practitioner.sent:
            raise SystemExit(1)
    finally:
        for proc in (server, redis):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
