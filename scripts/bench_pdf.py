"""Benchmark: the referral summary PDF, typical and largest, and whether other users stay fast meanwhile.

    .venv/bin/python scripts/bench_pdf.py [--runs 30] [--large-runs 3] [--at-once 6] [--workers 2]

Sets Django up on a throwaway SQLite database (DEBUG off) and loads the Sefton framework.
- A typical referral: 20 ticked indicators across every level, every free-text field filled with text of
  realistic length. After one warm-up run (which pays for importing WeasyPrint and loading its fonts), it
  times the PDF alone (the template rendered and WeasyPrint's tagged PDF/UA A4 output) and the download of
  the stored PDF (GET summary.pdf through Django: sign-in session, queries, view log, headers).
- The largest referral: all 373 Sefton indicators ticked, every field full to its limit. It times the PDF
  alone (what the worker spends on it) and the download of the stored PDF.
- Then `--at-once` largest referrals, just sent and never rendered, asked for at the same moment through
  gunicorn (`--workers` sync workers, as in production) with one `render_pdfs --loop` worker beside it:
  how long the PDF request takes to answer ("being made"), how long until every PDF has downloaded, and the
  start page's median and worst while that happens, against its median when idle.
Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import free_port, wait_for_port  # noqa: E402 - the scripts folder, put on the path above

FRAMEWORK = "sefton"

SENTENCES = [
    "Staff at school have noticed that she arrives hungry most mornings and asks for food at break.",
    "Her attendance this term is 82 per cent, with absences mostly on Mondays and after weekends at her father's.",
    "Mother says she is struggling since her partner left and has been to the GP about her low mood.",
    "The health visitor saw the younger brother in October; his weight has dropped from the 50th centile.",
    "She told her teacher that she sometimes looks after her brother overnight when mum goes out.",
    "There is a history of domestic abuse: police attended the address twice in 2025, with no charges brought.",
    "Grandmother lives nearby and helps with the school run, but she is unwell herself and cannot do more.",
    "The family are in rent arrears and have been told they may lose the tenancy in the new year.",
]


def prose(characters: int, start: int = 0) -> str:
    """Realistic-looking text of about this many characters, in paragraphs, as practitioners write it."""
    words: list[str] = []
    n = start
    while sum(len(s) + 1 for s in words) < characters:
        words.append(SENTENCES[n % len(SENTENCES)])
        n += 1
    paragraphs = [" ".join(words[i : i + 3]) for i in range(0, len(words), 3)]
    return "\n\n".join(paragraphs)


def setup(tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # WeasyPrint logs every step at INFO
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    from thresholds.interchange.load import load_directory

    load_directory(settings.FRAMEWORK_FIXTURES_DIR, only=(FRAMEWORK,))


def typical_referral():
    from django.utils import timezone

    from portal.models import User
    from referrals.assessments.rules import missing_for_submission
    from referrals.assessments.services import assessment_start, assessment_submit
    from referrals.models import Assessment
    from thresholds.engine import LONDON
    from thresholds.models import Framework
    from thresholds.snapshot import cached_snapshot

    framework = Framework.objects.get(slug=FRAMEWORK)
    owner = User.objects.create_user(
        "bench", password=None, role=User.Role.PRACTITIONER, partnership=framework.partnership
    )
    by_level: dict[int, list[str]] = {}
    for info in cached_snapshot(framework).indicators.values():
        by_level.setdefault(info.level, []).append(info.code)
    codes = [code for level in (4, 3, 2, 1) for code in by_level[level][::9][:5]]  # 5 per level, many domains
    assert len(codes) == 20, codes
    assessment = assessment_start(
        owner=owner,
        framework=framework,
        area=FRAMEWORK,
        codes=codes,
        at=datetime(2026, 11, 23, 10, 0, tzinfo=LONDON),  # a Monday morning
    )
    assessment.child_name = "Amelia-Rose Whitfield"
    assessment.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 9, day=1)
    assessment.address = "Flat 3, 41 Marine Crescent\nWaterloo\nLiverpool\nL22 5PR"
    assessment.household = prose(400, 6)
    assessment.parents_carers = prose(500, 2)
    assessment.agencies = prose(350, 4)
    assessment.practitioner_level = 4
    assessment.level_rationale = prose(700, 1)
    assessment.child_voice = prose(900, 4)
    assessment.worries = prose(2000, 0)
    assessment.working_well = prose(700, 6)
    assessment.needs_to_happen = prose(900, 3)
    assessment.consent = Assessment.Consent.NOT_SOUGHT
    assessment.consent_ground = Assessment.Ground.HARM
    assessment.consent_reason = prose(500, 5)
    assessment.save()
    assert not missing_for_submission(assessment), missing_for_submission(assessment)
    assert assessment_submit(assessment=assessment, submitted_by=owner)
    return assessment


def largest_referral(n: int, ticks: int | None = None, text: int | None = None):
    """All 373 Sefton indicators ticked and every field full to its limit, sent: the largest PDF there is.
    Or `ticks` of them, spread, and `text` characters of free text shared between the fields."""
    from django.utils import timezone

    from portal.models import User
    from referrals.assessments.rules import missing_for_submission
    from referrals.assessments.services import assessment_start, assessment_submit
    from referrals.models import TEXT_LIMIT, Assessment
    from thresholds.engine import LONDON
    from thresholds.models import Framework
    from thresholds.snapshot import cached_snapshot

    framework = Framework.objects.get(slug=FRAMEWORK)
    owner = User.objects.create_user(
        f"largest{n}", password=None, role=User.Role.PRACTITIONER, partnership=framework.partnership
    )
    codes = list(cached_snapshot(framework).indicators)
    if ticks is not None:
        codes = codes[:: len(codes) // ticks][:ticks]
    assessment = assessment_start(
        owner=owner, framework=framework, area=FRAMEWORK, codes=codes, at=datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    )
    assessment.child_name = "Amelia-Rose Whitfield-Montgomery " + "x" * 160
    assessment.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 9, day=1)
    fields: tuple[str, ...] = ("household", "parents_carers", "agencies", "level_rationale", "child_voice", "worries")
    fields += ("working_well", "needs_to_happen", "consent_reason")
    each = TEXT_LIMIT if text is None else (text - 1000) // len(fields)
    assessment.address = prose(1000, 3)[:1000]
    for i, field in enumerate(fields):
        setattr(assessment, field, prose(each, i)[:each])
    assessment.practitioner_level = 4  # the suggestion too: consent may then go unsought, on a recorded ground
    assessment.consent = Assessment.Consent.NOT_SOUGHT
    assessment.consent_ground = Assessment.Ground.HARM
    assessment.save()
    assert not missing_for_submission(assessment), missing_for_submission(assessment)
    assert assessment_submit(assessment=assessment, submitted_by=owner)  # asks the worker for its PDF
    assessment.refresh_from_db()
    return assessment


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{name:46} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   n={len(times)}")


def timed_get(client, url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, response.content


def pages_of(pdf: bytes, tmp: Path) -> str:
    pdfinfo = shutil.which("pdfinfo")  # poppler-utils
    if not pdfinfo:
        return "?"
    (tmp / "measured.pdf").write_bytes(pdf)
    info = subprocess.run([pdfinfo, str(tmp / "measured.pdf")], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def http_get(port: int, path: str, cookie: str = "") -> tuple[float, int, bytes]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
        return (time.perf_counter() - start) * 1000, response.status, body
    finally:
        conn.close()


def at_once(assessments: list, tmp: Path, workers: int) -> None:
    """The largest PDFs asked for at the same moment through gunicorn, with the worker beside it."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen([sys.executable, "manage.py", "render_pdfs", "--loop", "-v0"], cwd=ROOT, env=env)
    try:
        wait_for_port(port)
        cookies = []
        for assessment in assessments:
            client = Client()
            client.force_login(assessment.owner)
            cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
        for _ in range(20):
            http_get(port, "/")  # warm both workers up
        idle = [http_get(port, "/")[0] for _ in range(50)]

        answered: list[float] = []
        finished: list[float] = []
        failures: list[str] = []
        go = threading.Event()
        t0 = 0.0

        def ask(assessment, cookie: str) -> None:
            url = reverse("referrals:summary-pdf", args=[assessment.pk])
            go.wait()
            elapsed, status, body = http_get(port, url, cookie)
            answered.append(elapsed)
            while not body.startswith(b"%PDF-"):
                if status not in (200, 202, 204):
                    failures.append(f"HTTP {status}")
                    return
                time.sleep(1)  # the waiting page asks every 3 s; once a second here, to measure more finely
                _, status, _ = http_get(port, url + "?check", cookie)
                if status == 204:
                    _, status, body = http_get(port, url, cookie)
            finished.append((time.perf_counter() - t0) * 1000)

        threads = [threading.Thread(target=ask, args=pair) for pair in zip(assessments, cookies, strict=True)]
        for thread in threads:
            thread.start()
        t0 = time.perf_counter()
        go.set()
        busy: list[float] = []
        while any(thread.is_alive() for thread in threads):
            elapsed, status, _ = http_get(port, "/")
            assert status == 200, status
            busy.append(elapsed)
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        n = len(assessments)
        print(f"{n} largest PDFs asked for at once: gunicorn {workers} sync workers (30 s timeout) + 1 PDF worker")
        report("start page, idle", idle)
        report(f"start page, while {n} largest PDFs are made", busy)
        print(f"{'start page, worst while they are made':46} {max(busy):7.1f} ms")
        print(
            f"{'PDF request answered (being made)':46} median {statistics.median(answered):7.1f} ms   "
            f"worst {max(answered):7.1f} ms"
        )
        print(
            f"{'all PDFs downloaded after':46} {max(finished) / 1000:7.1f} s   "
            f"(first after {min(finished) / 1000:.1f} s)"
        )
        print("errors:", ", ".join(failures) or "none")
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=30)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--at-once", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        setup(tmp)
        from django.test import Client
        from django.urls import reverse

        from referrals.assessments.pdf import referral_pdf, referral_pdfs_render_pending
        from referrals.assessments.selectors import summary_context
        from referrals.models import ReferralPdf

        assessment = typical_referral()
        context = summary_context(assessment=assessment)

        start = time.perf_counter()
        pdf = referral_pdf(context)  # warm-up: imports WeasyPrint, loads the fonts
        first = (time.perf_counter() - start) * 1000

        alone = []
        for _ in range(args.runs):
            start = time.perf_counter()
            referral_pdf(context)
            alone.append((time.perf_counter() - start) * 1000)

        client = Client()
        client.force_login(assessment.owner)
        url = reverse("referrals:summary-pdf", args=[assessment.pk])
        assert client.get(url).content.startswith(b"%PDF-")  # made in this request (small), then stored
        whole = []
        for _ in range(args.runs):
            elapsed, content = timed_get(client, url)
            whole.append(elapsed)
            assert content.startswith(b"%PDF-")

        text = sum(
            len(getattr(assessment, f))
            for f in ("household", "parents_carers", "agencies", "level_rationale", "child_voice", "worries")
            + ("working_well", "needs_to_happen", "consent_reason")
        )
        print(
            f"SQLite, DEBUG off; {FRAMEWORK}: 20 ticked indicators, {text:,} characters of free text; "
            f"PDF {len(pdf) / 1024:.0f} KiB, {pages_of(pdf, tmp)} A4 pages"
        )
        print(f"{'first PDF (imports WeasyPrint, loads fonts)':46} {first:7.1f} ms")
        report("PDF alone (template + WeasyPrint)", alone)
        report("GET summary.pdf, stored PDF (whole request)", whole)

        from referrals.assessments.pdf import INLINE_TEXT, INLINE_TICKS, is_small

        limit = largest_referral(99, ticks=INLINE_TICKS, text=INLINE_TEXT)  # the most a request makes itself
        assert is_small(limit)
        ReferralPdf.objects.filter(assessment=limit).delete()  # measured here, not left for the worker
        context = summary_context(assessment=limit)
        at_limit = []
        for _ in range(args.large_runs):
            start = time.perf_counter()
            referral_pdf(context)
            at_limit.append((time.perf_counter() - start) * 1000)
        report(f"PDF alone, inline limit: {INLINE_TICKS} ticks, {INLINE_TEXT:,} characters", at_limit)

        largest = [largest_referral(n) for n in range(1 + args.at_once)]
        biggest = largest[0]
        context = summary_context(assessment=biggest)
        large_alone = []
        for _ in range(args.large_runs):
            start = time.perf_counter()
            large_pdf = referral_pdf(context)
            large_alone.append((time.perf_counter() - start) * 1000)
        assert referral_pdfs_render_pending(limit=1) == 1  # the oldest job: the first largest referral's
        client = Client()
        client.force_login(biggest.owner)
        url = reverse("referrals:summary-pdf", args=[biggest.pk])
        stored = []
        for _ in range(args.runs):
            elapsed, content = timed_get(client, url)
            stored.append(elapsed)
            assert content.startswith(b"%PDF-")
        print()
        print(
            f"largest: all {len(biggest.indicators)} indicators, every field full; "
            f"PDF {len(large_pdf) / 1024:.0f} KiB, {pages_of(large_pdf, tmp)} A4 pages"
        )
        report("largest PDF alone (what the worker spends)", large_alone)
        report("GET summary.pdf, largest stored PDF", stored)
        print()
        ReferralPdf.objects.filter(assessment__in=largest[1:]).delete()  # never asked for: made on request
        at_once(largest[1:], tmp, args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
