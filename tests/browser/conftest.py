"""Playwright driving Debian's Chromium against pytest-django's live server.

Browsers cannot be downloaded here, so Playwright is pointed at /usr/bin/chromium (installed by
`make test` through scripts/debian-packages.sh). A missing browser fails the run: it is never skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from thresholds.interchange.load import load_directory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# The guidance tables' rows as the loader left them in an empty database, per set of slugs: on SQLite the rows,
# on PostgreSQL each table's COPY text (exact for every column type: JSON, arrays, times).
Rows = list[tuple[str, list[str], list[tuple[Any, ...]]]] | list[tuple[str, bytes]]
_loaded: dict[frozenset[str], Rows] = {}


def _guidance_tables() -> list[str]:
    return [m._meta.db_table for m in apps.get_app_config("thresholds").get_models(include_auto_created=True)]


def _guidance_is_empty() -> bool:
    with connection.cursor() as cursor:
        for table in _guidance_tables():
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - model tables
            if cursor.fetchone():
                return False
    return True


def _copy_rows() -> Rows:
    if connection.vendor == "postgresql":
        return _copy_tables()
    rows: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
    with connection.cursor() as cursor:
        for table in _guidance_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model tables
            values = [tuple(_as_stored(v) for v in row) for row in cursor.fetchall()]
            rows.append((table, [c[0] for c in cursor.description], values))
    return rows


def _copy_tables() -> list[tuple[str, bytes]]:
    tables: list[tuple[str, bytes]] = []
    with connection.cursor() as cursor:
        for table in _guidance_tables():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                tables.append((table, b"".join(bytes(block) for block in copy)))
    return tables


def _as_stored(value: Any) -> Any:
    """Back to what the database holds: Django's SQLite connection reads dates and times as Python objects."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, time):
        return connection.ops.adapt_timefield_value(value)
    return value


def _restore_rows(rows: Rows) -> None:
    # Both check foreign keys at commit (PostgreSQL: Django's constraints are deferrable, initially deferred). The
    # restored ids are below PostgreSQL's sequences: a flush between tests empties tables, it does not reset them.
    with transaction.atomic(), connection.cursor() as cursor:
        for entry in rows:
            if len(entry) == 2:
                table, data = entry
                if data:
                    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                        copy.write(data)
                continue
            table, columns, values = entry
            if values:
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", values)  # noqa: S608


@pytest.fixture
def frameworks(transactional_db: None) -> Callable[..., None]:
    """Load the frameworks a test needs: live-server tests are transactional, emptied after each test.

    The loader runs once per set of slugs and worker; later tests get a copy of the rows it wrote (same ids, same
    content versions), which takes milliseconds instead of a second or two per framework.
    """

    def load(*slugs: str) -> None:
        key = frozenset(slugs)
        empty = _guidance_is_empty()
        if empty and key in _loaded:
            _restore_rows(_loaded[key])
            return
        load_directory(settings.FRAMEWORK_FIXTURES_DIR, only=slugs)
        if empty:
            _loaded[key] = _copy_rows()

    return load


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(30_000)  # a loaded 2-core CI machine: axe on 373 checkboxes takes seconds
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (vendored from npm) on the page as it is now; return its violations.

    Only violations are collected node by node (`resultTypes`): every rule still runs on every node, but the
    passes, incomplete and inapplicable results, which nothing reads, stop at one node each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate('async () => await axe.run(document, {resultTypes: ["violations"]})')
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core violations on {page.url}: {violations}"


def pass_second_factor(page, username: str, *, check_accessible: bool = True) -> None:
    """After the password, do what a lead or admin does: set up the authenticator app (reading the key off
    the page, as a phone would scan it) and carry on, or enter the app's code. Nothing for anyone else."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_url(lambda url: "/account/sign-in/" not in url)
    if "/account/second-factor/" not in page.url:
        return
    device = TOTPDevice.objects.filter(user__username=username).order_by("-id").first()
    if "/set-up/" in page.url:
        assert device is not None and page.locator("[data-secret]").count() == 1
        if check_accessible:  # axe is injected as a script: not where the policy is enforced
            assert_accessible(page)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a test signs in again within 30 s
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    page.get_by_label("Code").fill(code)
    if "/set-up/" in page.url:
        page.get_by_role("button", name="Set up").click()
        page.get_by_role("link", name="Continue").click()
    else:
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/account/second-factor/" not in url)
