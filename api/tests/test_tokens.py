"""`manage.py api_token` and the token admin: the token shown once, only its hash kept, one partnership each."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken
from api.tokens import token_hash
from portal.access import Role
from portal.tests.factories import make_user

from .conftest import bearer

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_on_its_last_line_once_and_stores_its_hash(client):
    out = run("create", "--partnership", "sefton", "--name", "test")
    secret = out.strip().splitlines()[-1]
    assert re.fullmatch(r"thr_[A-Za-z0-9_-]{43}", secret)
    token = ApiToken.objects.get()
    assert (token.scope, token.name, token.partnership.slug) == ("read", "test", "sefton")
    assert token.key_hash == token_hash(secret) and token.prefix == secret[:12]
    assert client.get("/api/v1/referrals", **bearer(secret)).status_code == 200
    listing = run("list")
    assert token.prefix in listing and secret not in listing


def test_write_scope_list_by_partnership_and_revoke_by_prefix_or_id(client):
    write = run("create", "--partnership", "sefton", "--name", "Mosaic", "--scope", "write").splitlines()[-1]
    other = run("create", "--partnership", "stoke-on-trent", "--name", "LL").splitlines()[-1]
    assert ApiToken.objects.get(prefix=write[:12]).scope == "write"
    sefton_only = run("list", "--partnership", "sefton")
    assert write[:12] in sefton_only and other[:12] not in sefton_only
    assert "Revoked" in run("revoke", write[:12])
    assert client.get("/api/v1/referrals", **bearer(write)).status_code == 401
    assert "Revoked" in run("revoke", str(ApiToken.objects.get(prefix=other[:12]).pk))
    assert client.get("/api/v1/referrals", **bearer(other)).status_code == 401


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("create", "--partnership", "nowhere", "--name", "x"), "No partnership 'nowhere'"),
        (("create", "--partnership", "sefton", "--name", "  "), "Give the token a name"),
        (("revoke", "abc"), "No token 'abc'"),
        (("revoke", "999"), "No token '999'"),
        (("list", "--partnership", "nowhere"), "No partnership 'nowhere'"),
    ],
)
def test_bad_arguments_are_a_clear_command_error(args, words):
    with pytest.raises(CommandError, match=words):
        run(*args)
    assert not ApiToken.objects.exists()


def test_revoking_twice_says_so():
    run("create", "--partnership", "sefton", "--name", "x")
    run("revoke", "1" if ApiToken.objects.get().pk == 1 else str(ApiToken.objects.get().pk))
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke", str(ApiToken.objects.get().pk))


# --- The admin -------------------------------------------------------------------------------------------------


@pytest.fixture
def admins(db):
    return make_user("ada", role=Role.ADMIN), make_user("sol", role=Role.ADMIN, slug="stoke-on-trent")


def test_a_partnership_admin_sees_adds_and_revokes_their_own_partnerships_tokens_only(client, admins):
    ada, _ = admins
    run("create", "--partnership", "stoke-on-trent", "--name", "Stoke LL")
    client.force_login(ada)
    page = client.get("/admin/api/apitoken/").content.decode()
    assert "Stoke LL" not in page
    form = client.get("/admin/api/apitoken/add/").content.decode()
    assert "Sefton" in form and "Stoke-on-Trent" not in form
    sefton = ada.partnership
    response = client.post("/admin/api/apitoken/add/", {"partnership": sefton.pk, "name": "Mosaic", "scope": "write"})
    assert response.status_code == 200  # the token, shown once, on this page
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(name="Mosaic")
    secret = re.search(r'value="(thr_[^"]+)"', response.content.decode()).group(1)
    assert token_hash(secret) == token.key_hash and token.created_by == ada
    assert secret not in client.get("/admin/api/apitoken/").content.decode()
    assert secret not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()

    stoke = ApiToken.objects.get(name="Stoke LL")
    refused = client.post(
        "/admin/api/apitoken/add/", {"partnership": stoke.partnership_id, "name": "x", "scope": "read"}
    )
    assert refused.status_code == 200 and not ApiToken.objects.filter(name="x").exists()  # not a choice offered
    assert client.get(f"/admin/api/apitoken/{stoke.pk}/change/").status_code == 302  # not theirs: as if absent
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk, stoke.pk]})
    token.refresh_from_db()
    stoke.refresh_from_db()
    assert token.is_revoked and not stoke.is_revoked


def test_leads_and_practitioners_have_no_token_admin(client):
    for role in (Role.LEAD, Role.PRACTITIONER):
        client.force_login(make_user(f"u-{role}", role=role))
        assert client.get("/admin/api/apitoken/").status_code in (302, 403)
