"""Benchmark: how many sign-in attempts one address can make, and what they cost the site.

    .venv/bin/python scripts/bench_signin.py [--locked 200]

Throwaway SQLite database, one account, gunicorn (1 worker, development settings, DEBUG off, the real
password hasher). From one address: wrong passwords until the lockout (django-axes) answers, then
`--locked` more attempts, each timed, interleaved with the start page (GET /) as another visitor
would load it. Prints the attempts made before the lock, the cost of a wrong password (hashing), the
cost of a locked attempt (refused before hashing), and the start page's median alongside. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import PYTHON, ROOT, bench_env, serve  # noqa: E402

USERNAME, PASSWORD = "bench-lead", "a-long-benchmark-password-2026"  # noqa: S105 - a throwaway database


def sign_in_attempt(conn: http.client.HTTPConnection, password: str) -> tuple[int, float]:
    conn.request("GET", "/account/sign-in/")
    page = conn.getresponse()
    html = page.read().decode()
    set_cookie = page.getheader("Set-Cookie")
    token_match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if set_cookie is None or token_match is None:
        raise RuntimeError(f"the sign-in page (status {page.status}) gave no CSRF cookie or token")
    cookie = set_cookie.split(";")[0]
    token = token_match.group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": USERNAME, "password": password})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"}
    start = time.perf_counter()
    conn.request("POST", "/account/sign-in/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, (time.perf_counter() - start) * 1000


def start_page(conn: http.client.HTTPConnection) -> float:
    start = time.perf_counter()
    conn.request("GET", "/")
    response = conn.getresponse()
    response.read()
    assert response.status == 200
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locked", type=int, default=200)
    args = parser.parse_args()
    env = bench_env()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    make_user = (
        "from portal.models import User; from thresholds.models import Partnership; "
        "p = Partnership.objects.create(slug='bench', name='Bench'); "
        f"User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, role='lead', partnership=p)"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", make_user], cwd=ROOT, env=env, check=True)
    with serve(env) as port:
        attacker = http.client.HTTPConnection("127.0.0.1", port)
        visitor = http.client.HTTPConnection("127.0.0.1", port)
        quiet = [start_page(visitor) for _ in range(50)]
        wrong: list[float] = []
        status = 200
        while status != 429 and len(wrong) < 100:
            status, elapsed = sign_in_attempt(attacker, "wrong-password")
            wrong.append(elapsed)
        locked, beside = [], []
        started = time.perf_counter()
        for _ in range(args.locked):
            status, elapsed = sign_in_attempt(attacker, PASSWORD)  # even the right password is refused now
            assert status == 429, status
            locked.append(elapsed)
            beside.append(start_page(visitor))
        seconds = time.perf_counter() - started
    print("gunicorn 1 worker, SQLite, DEBUG off, PBKDF2 password hashing")
    print(f"attempts from one address before the lock: {len(wrong)} (the last answered 429)")
    print(f"wrong password (hashed):        median {statistics.median(wrong[:-1]):7.1f} ms")
    print(f"locked attempt (not hashed):    median {statistics.median(locked):7.1f} ms")
    print(f"locked attempts per second, one address, with a start page load between each: {len(locked) / seconds:.0f}")
    print(f"start page, quiet:              median {statistics.median(quiet):7.1f} ms")
    print(f"start page, during the attempts: median {statistics.median(beside):7.1f} ms")


if __name__ == "__main__":
    main()
