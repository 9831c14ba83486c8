"""Benchmark: the quick check's pages served by gunicorn, as a browser would ask for them.

    .venv/bin/python scripts/bench_pages.py [--requests 200]

Builds a throwaway SQLite database with the five frameworks, starts gunicorn (1 worker, DEBUG off)
on a free loopback port, warms it, then times sequential keep-alive requests from this process:
- the indicator page of the largest framework (Sefton, 373 indicators), GET;
- one live-suggestion round trip (htmx POST of 20 ticked indicators), and the full result page;
- a bare Django view (`HttpResponse("ok")`, scripts/benchsite) through the same gunicorn, settings and
  middleware, interleaved with the pages in the same rounds: each page is also given as a ratio to it.
Round-trip time over loopback is an upper bound on server time. Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FRAMEWORK, AREA = "sefton", "sefton"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(conn: http.client.HTTPConnection, method: str, path: str, body: str | None, headers: dict) -> float:
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"{method} {path}: HTTP {response.status}")
    return elapsed * 1000


def report(name: str, times: list[float], anchor: float | None = None) -> float:
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    median = statistics.median(times)
    ratio = f"   {median / anchor:5.1f}x bare" if anchor else ""
    print(f"{name:44} median {median:6.1f} ms   p95 {p95:6.1f} ms   n={len(times)}{ratio}")
    return median


def wait_for_port(port: int, tries: int = 100) -> None:
    """Until a server listens on the loopback port (at most `tries` tenths of a second)."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


@contextmanager
def serve(env: dict) -> Iterator[int]:
    """gunicorn (one worker, the given environment) on a free loopback port, stopped afterwards."""
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
            "DJANGO_SETTINGS_MODULE=scripts.benchsite.settings",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_env() -> dict[str, str]:
    """The environment of a benchmark server: development settings, DEBUG off, a throwaway SQLite file."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    env = bench_env()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "load_frameworks"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with serve(env) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        check = f"/check/{FRAMEWORK}/{AREA}/"
        conn.request("GET", check)
        first = conn.getresponse()
        page = first.read().decode()
        cookie = (first.getheader("Set-Cookie") or "").split(";")[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "no CSRF token on the page"
        token = found.group(1)
        codes = re.findall(r'name="indicators" type="checkbox" value="([^"]+)"', page)
        fixture = json.loads((ROOT / "fixtures" / f"{FRAMEWORK}.json").read_text())
        assert len(codes) == len(fixture["indicators"]), "the page does not list every indicator"
        ticks = codes[:: max(1, len(codes) // 20)][:20]
        body = urlencode([("csrfmiddlewaretoken", token)] + [("indicators", c) for c in ticks])
        post_headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{check}",
            "HX-Request": "true",
        }
        for _ in range(20):  # warm up
            timed(conn, "GET", check, None, {"Cookie": cookie})
            timed(conn, "POST", check + "suggestion", body, post_headers)
        n = args.requests
        print(f"gunicorn 1 worker, SQLite, DEBUG off; {len(codes)} indicators; {len(ticks)} ticked")
        rounds: dict[str, list[float]] = {"bare": [], "page": [], "suggestion": [], "result": []}
        for _ in range(n):  # interleaved, so the machine's load falls on every figure alike
            rounds["bare"].append(timed(conn, "GET", "/bench/bare", None, {"Cookie": cookie}))
            rounds["page"].append(timed(conn, "GET", check, None, {"Cookie": cookie}))
            rounds["suggestion"].append(timed(conn, "POST", check + "suggestion", body, post_headers))
            rounds["result"].append(timed(conn, "POST", check + "result", body, post_headers))
        anchor = report("GET bare view (HttpResponse)", rounds["bare"])
        report(f"GET indicator page ({FRAMEWORK})", rounds["page"], anchor)
        report("POST live suggestion (htmx, 20 ticks)", rounds["suggestion"], anchor)
        report("POST result page (20 ticks)", rounds["result"], anchor)


if __name__ == "__main__":
    main()
