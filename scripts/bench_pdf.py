"""Benchmark: the referral summary PDF of a typical referral, made in-process.

    .venv/bin/python scripts/bench_pdf.py [--runs 30]

Sets Django up on a throwaway SQLite database (DEBUG off), loads the Sefton framework, and builds a typical
referral: 20 ticked indicators across every level, every free-text field filled with text of realistic
length. After one warm-up run (which pays for importing WeasyPrint and loading its fonts), it times:
- the PDF alone: the template rendered and WeasyPrint's tagged PDF/UA A4 output (`referrals.pdf.referral_pdf`);
- the whole download: GET summary.pdf through Django (sign-in session, queries, view log, headers).
The issue asks for under one second. Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{name:46} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   n={len(times)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        setup(tmp)
        from django.test import Client, RequestFactory
        from django.urls import reverse

        from referrals.assessments.pdf import referral_pdf
        from referrals.assessments.selectors import summary_context

        assessment = typical_referral()
        request = RequestFactory().get("/")
        context = summary_context(assessment=assessment)

        start = time.perf_counter()
        pdf = referral_pdf(request, context)  # warm-up: imports WeasyPrint, loads the fonts
        first = (time.perf_counter() - start) * 1000

        alone = []
        for _ in range(args.runs):
            start = time.perf_counter()
            referral_pdf(request, context)
            alone.append((time.perf_counter() - start) * 1000)

        client = Client()
        client.force_login(assessment.owner)
        url = reverse("referrals:summary-pdf", args=[assessment.pk])
        assert client.get(url).status_code == 200
        whole = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            whole.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and response.content.startswith(b"%PDF-")

        pages = "?"
        pdfinfo = shutil.which("pdfinfo")  # poppler-utils
        if pdfinfo:
            (tmp / "typical.pdf").write_bytes(pdf)
            info = subprocess.run([pdfinfo, str(tmp / "typical.pdf")], capture_output=True, text=True).stdout
            pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        text = sum(
            len(getattr(assessment, f))
            for f in ("household", "parents_carers", "agencies", "level_rationale", "child_voice", "worries")
            + ("working_well", "needs_to_happen", "consent_reason")
        )
        print(
            f"SQLite, DEBUG off; {FRAMEWORK}: 20 ticked indicators, {text:,} characters of free text; "
            f"PDF {len(pdf) / 1024:.0f} KiB, {pages} A4 pages"
        )
        print(f"{'first PDF (imports WeasyPrint, loads fonts)':46} {first:7.1f} ms")
        report("PDF alone (template + WeasyPrint)", alone)
        report("GET summary.pdf (whole Django request)", whole)
        worst = max(sorted(whole)[max(0, int(len(whole) * 0.95) - 1)], sorted(alone)[int(len(alone) * 0.95) - 1])
        print("under one second at p95:", "yes" if worst < 1000 else "NO")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
