"""Two app servers on one PostgreSQL and one Redis: nothing that must be shared lives in one process (issue 19).

    DATABASE_URL=postgres://... .venv/bin/python scripts/two_servers.py

Run by scripts/test.sh on the PostgreSQL side, against the database it has just migrated and loaded (the tests'
own databases are separate). Starts a throwaway redis-server and two gunicorn servers (A and B, one worker each,
development settings with DEBUG off, mail to files), then checks, failing (exit 1) on the first that does not hold:

1. a session made on A is valid on B;
2. a lockout made on A (10 wrong passwords) holds on B, even for the right password;
3. an admin publishes a new version of the guidance on A (signed in with a second factor) and B serves it at once;
4. an assessment sent on A queues its notification, and two `send_notifications` rounds started at the same moment
   (one per server's environment) e-mail it exactly once.

Bounded: every wait is capped and the whole run stops after 60 seconds. Not for SQLite (exits 0, saying so).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "two-servers-passphrase-2026"  # noqa: S105 (a throwaway account of this check)
RECOVERY = "twoservers1"
LIMIT = int(os.environ.get("TWO_SERVERS_LIMIT", "60"))

SETUP = r"""
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.models import User
from portal.tests.factories import AssessmentFactory
from thresholds import versioning
from thresholds.models import Framework, Partnership

stoke = Partnership.objects.get(slug="stoke-on-trent")
User.objects.filter(username__startswith="two-").delete()
people = {}
for name, role in (("two-p", "practitioner"), ("two-l", "lead"), ("two-a", "admin"), ("two-x", "practitioner")):
    people[name] = User.objects.create_user(
        name, email=f"{name}@example.org", password=PASS, role=role, partnership=stoke, is_staff=role == "admin",
        first_name="Two", last_name="Servers",
    )
TOTPDevice.objects.create(user=people["two-a"], name="Authenticator app", confirmed=True)
device = StaticDevice.objects.create(user=people["two-a"], name="Recovery codes", confirmed=True)
StaticToken.objects.create(device=device, token=CODE)
current = Framework.objects.get(partnership=stoke, status="current")
Framework.objects.filter(partnership=stoke, status="draft").delete()
draft = versioning.draft_from(current, user=people["two-a"])
assessment = AssessmentFactory(owner=people["two-p"])
print(draft.pk, draft.slug, assessment.pk, current.slug)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


@contextmanager
def process(args: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_for(port)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def gunicorn(port: int) -> list[str]:
    return [PYTHON, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--log-level", "warning"]  # fmt: skip


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def client(address: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    return session


def form_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10).text
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, f"no form at {url}"
    return found.group(1)


def sign_in(session: requests.Session, base: str, username: str, password: str) -> requests.Response:
    token = form_token(session, f"{base}/account/sign-in/")
    return session.post(
        f"{base}/account/sign-in/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
        timeout=30,
        allow_redirects=False,
    )


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("two_servers.py: not on PostgreSQL (DATABASE_URL), nothing to do")
        return
    signal.alarm(LIMIT)  # bounded, whatever happens
    started = time.monotonic()
    mail = Path(tempfile.mkdtemp(prefix="threshold-two-servers-"))
    redis_port, a_port, b_port = free_port(), free_port(), free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
        LOG_LEVEL="ERROR",
        TRUSTED_PROXY_COUNT="1",  # each client below says its own address, so one's lockout is not another's
    )
    redis = [
        "/usr/bin/redis-server",
        "--port",
        str(redis_port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    with ExitStack() as stack:
        stack.enter_context(process(redis, env, redis_port))
        done = subprocess.run(  # noqa: S603
            [PYTHON, "-c", "import django, sys; django.setup(); exec(sys.stdin.read())"],
            input=f"PASS = {PASSWORD!r}\nCODE = {RECOVERY!r}\n" + SETUP,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        draft_pk, draft_slug, assessment_pk, old_slug = done.stdout.split()[-4:]
        a, b = f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{b_port}"
        redis = [
            "/usr/bin/redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        stack.enter_context(process(gunicorn(a_port), env, a_port))
        stack.enter_context(process(gunicorn(b_port), env, b_port))

        # 1. A session made on A is valid on B.
        browser = client("10.0.0.1")
        check(sign_in(browser, a, "two-p", PASSWORD).status_code == 302, "signed in on A")
        mine = browser.get(f"{b}/assessments/", timeout=10, allow_redirects=False)
        check(mine.status_code == 200 and "My assessments" in mine.text, "the session made on A is valid on B")

        # 2. A lockout made on A holds on B.
        attacker = client("10.0.0.66")
        for _ in range(10):
            sign_in(attacker, a, "two-x", "not-the-password")
        refused = sign_in(client("10.0.0.77"), b, "two-x", PASSWORD)  # another address: the account is locked
        check(refused.status_code != 302 and "locked" in refused.text.lower(), "the lockout made on A holds on B")

        # 3. An admin publishes on A; B serves the new version at once.
        before = client("10.0.0.2").get(f"{b}/check/{draft_slug}/stoke-on-trent/", timeout=10)
        check(before.status_code == 404, f"B does not serve the draft {draft_slug} before it is published")
        client("10.0.0.2").get(f"{b}/check/{old_slug}/stoke-on-trent/", timeout=10)  # B has the old version cached
        admin = client("10.0.0.3")
        check(sign_in(admin, a, "two-a", PASSWORD).status_code == 302, "the admin signed in on A")
        token = form_token(admin, f"{a}/account/second-factor/")
        passed = admin.post(
            f"{a}/account/second-factor/", {"csrfmiddlewaretoken": token, "code": RECOVERY}, timeout=10,
            allow_redirects=False,
        )  # fmt: skip
        check(passed.status_code == 302, "the admin passed the second factor on A")
        publish = f"{a}/admin/thresholds/framework/{draft_pk}/publish/"
        token = form_token(admin, publish)
        published = admin.post(publish, {"csrfmiddlewaretoken": token}, timeout=30, allow_redirects=False)
        check(
            published.status_code == 302 and "/validate/" not in published.headers.get("Location", "/validate/"),
            f"the admin published {draft_slug} on A ({published.headers.get('Location')} {published.status_code})",
        )
        now_b = client("10.0.0.2").get(f"{b}/check/{draft_slug}/stoke-on-trent/", timeout=10)
        check(now_b.status_code == 200, f"B serves {draft_slug} at once ({now_b.status_code})")
        old_b = client("10.0.0.2").get(f"{b}/check/{old_slug}/stoke-on-trent/", timeout=10).text
        check("replaced" in old_b.lower() or "superseded" in old_b.lower(), f"B shows {old_slug} as replaced")

        # 4. Sent on A; two notification rounds at once send the lead's message once.
        token = form_token(browser, f"{a}/assessments/{assessment_pk}/")
        sent = browser.post(
            f"{a}/assessments/{assessment_pk}/submit", {"csrfmiddlewaretoken": token}, timeout=30,
            allow_redirects=False,
        )  # fmt: skip
        check(sent.status_code == 302, "the assessment was sent on A")
        rounds = [
            subprocess.Popen([PYTHON, "manage.py", "send_notifications"], cwd=ROOT, env=env)  # noqa: S603
            for _ in range(2)
        ]
        check(all(r.wait(timeout=30) == 0 for r in rounds), "two send_notifications rounds ran at once")
        messages = [p.read_text(errors="replace") for p in mail.iterdir()]
        to_lead = sum(m.count("To: two-l@example.org") for m in messages)
        check(to_lead == 1, f"the lead's message was e-mailed once ({to_lead})")
    print(f"two servers: every check held in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
