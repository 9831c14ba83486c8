"""Sign-in lockout, reset throttling and the security log (issue 14)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal.models import SecurityEvent, User

from .factories import PASSWORD, UserFactory, partnership

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username: str, password: str, url: str = "/account/sign-in/"):
    return client.post(url, {"username": username, "password": password})


def test_repeated_failures_lock_the_account_and_the_right_password_no_longer_works(client, settings):
    lead = UserFactory(role=User.Role.LEAD, partnership=partnership("sefton"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, lead.username, "wrong-password-123").status_code == 200
    assert sign_in(client, lead.username, "wrong-password-123").status_code == 429  # the limit-th failure locks
    locked = sign_in(client, lead.username, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many attempts to sign in" in locked.content
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT, user=lead).exists()


def test_the_lock_holds_from_another_address_for_that_account(client, settings):
    lead = UserFactory(role=User.Role.LEAD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/sign-in/", {"username": lead.username, "password": "x"}, REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post(
        "/account/sign-in/", {"username": lead.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 429


def test_the_admin_sign_in_is_locked_too(client, settings):
    admin = UserFactory(role=User.Role.ADMIN)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin.username, "wrong-password-123", url="/admin/login/")
    assert sign_in(client, admin.username, PASSWORD, url="/admin/login/").status_code == 429


def test_a_locked_out_attempt_hashes_no_password(client, settings):
    lead = UserFactory(role=User.Role.LEAD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, lead.username, "wrong-password-123")
    with mock.patch.object(User, "check_password", autospec=True) as check:
        for _ in range(5):
            assert sign_in(client, lead.username, PASSWORD).status_code == 429
    assert check.call_count == 0


def test_a_success_before_the_limit_clears_the_failures(client, settings):
    practitioner = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, practitioner.username, "wrong-password-123")
    assert sign_in(client, practitioner.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, practitioner.username, "wrong-password-123")
    assert sign_in(client, practitioner.username, PASSWORD).status_code == 302


def test_password_reset_requests_are_throttled(client, settings):
    practitioner = UserFactory()
    for _ in range(settings.RESET_THROTTLE_LIMIT):
        assert client.post(reverse("password_reset"), {"email": practitioner.email}).status_code == 302
    sent = len(mail.outbox)
    refused = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == sent
    assert SecurityEvent.objects.filter(kind=Kind.RESET_REFUSED).count() == 1


def test_the_log_records_sign_ins_failures_and_sign_outs(client):
    user = UserFactory()
    sign_in(client, user.username, "wrong-password-123")
    sign_in(client, "nobody-by-this-name", "wrong-password-123")
    sign_in(client, user.username, PASSWORD)
    client.post(reverse("logout"))
    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", "username"))
    assert kinds == [
        (Kind.SIGN_IN_FAILED, user.username),
        (Kind.SIGN_IN_FAILED, "nobody-by-this-name"),
        (Kind.SIGNED_IN, user.username),
        (Kind.SIGNED_OUT, user.username),
    ]
    assert SecurityEvent.objects.filter(ip_address="127.0.0.1").count() == 4


def test_role_and_partnership_changes_keep_before_and_after():
    user = UserFactory(partnership=partnership("sefton"))
    stoke = partnership("stoke")
    user.role = User.Role.LEAD
    user.partnership = stoke
    user.save()
    event = SecurityEvent.objects.get(kind=Kind.ACCOUNT_CHANGED)
    assert event.detail["before"] == {"role": "practitioner", "partnership_id": partnership("sefton").pk}
    assert event.detail["after"] == {"role": "lead", "partnership_id": stoke.pk}


def test_a_lead_reads_their_own_partnership_s_log_only(client):
    sefton_lead = UserFactory(role=User.Role.LEAD, partnership=partnership("sefton"))
    stoke_user = UserFactory(partnership=partnership("stoke"))
    sefton_user = UserFactory(partnership=partnership("sefton"))
    sign_in(client, stoke_user.username, "wrong-password-123")
    sign_in(client, sefton_user.username, "wrong-password-123")
    client.force_login(sefton_lead)
    page = client.get(reverse("security_log")).content.decode()
    assert sefton_user.username in page
    assert stoke_user.username not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("practitioner", 403), ("admin", 403), ("lead", 200), ("superuser", 200)],
)
def test_who_may_read_the_log(client, who, status):
    if who == "superuser":
        client.force_login(User.objects.create_superuser("root-user", "root@example.org", PASSWORD))
    elif who != "anonymous":
        client.force_login(
            UserFactory(
                role={"practitioner": User.Role.PRACTITIONER, "lead": User.Role.LEAD, "admin": User.Role.ADMIN}[who]
            )
        )
    assert client.get(reverse("security_log")).status_code == status


class BrokenMail:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_reset_e_mail_that_could_not_be_sent_is_shown_as_a_failure(client, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMail"
    practitioner = UserFactory()
    response = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert response.status_code == 503
    assert "The e-mail could not be sent just now, so no link is on its way" in response.content.decode()
