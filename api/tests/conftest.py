"""Tokens and referrals for the integration API's tests: Sefton unless the name says otherwise."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke
from portal.access import Role
from portal.tests.factories import AssessmentFactory, make_user, partnership

CHILD = "Zephyrine Quillfeather"


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the rate limit counts in the cache: each test starts with none used
    yield
    cache.clear()


@pytest.fixture
def tokens(db) -> dict[str, str]:
    """The secrets of: read, write, revoked (Sefton) and other (a Stoke-on-Trent write token)."""
    sefton, stoke = partnership("sefton"), partnership("stoke-on-trent")
    made = {
        "read": api_token_create(partnership=sefton, name="Mosaic (read)"),
        "write": api_token_create(partnership=sefton, name="Mosaic front door", scope=ApiToken.Scope.WRITE),
        "revoked": api_token_create(partnership=sefton, name="Old", scope=ApiToken.Scope.WRITE),
        "other": api_token_create(partnership=stoke, name="Stoke Liquidlogic", scope=ApiToken.Scope.WRITE),
    }
    api_token_revoke(token=made["revoked"].token)
    return {kind: m.secret for kind, m in made.items()}


@pytest.fixture
def owner(db):
    return make_user("pat", role=Role.PRACTITIONER)


@pytest.fixture
def sent(owner):
    """A Sefton referral sent to the leads, about CHILD."""
    return AssessmentFactory(owner=owner, child_name=CHILD, submitted=True)


@pytest.fixture
def draft(owner):
    return AssessmentFactory(owner=owner, child_name=CHILD)


@pytest.fixture
def elsewhere(db):
    """A referral sent in Stoke-on-Trent."""
    return AssessmentFactory(owner=make_user("sam", role=Role.PRACTITIONER, slug="stoke-on-trent"), submitted=True)


@pytest.fixture(autouse=True)
def _quick_pdf(request, monkeypatch):
    """WeasyPrint costs seconds a PDF: these tests get stand-in bytes unless marked `real_pdf`."""
    if "real_pdf" in request.keywords:
        return
    monkeypatch.setattr("referrals.assessments.pdf.render_pdf", lambda html, base_url=None: b"%PDF-1.7 stand-in")
