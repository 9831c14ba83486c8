"""The second factor (issue 14): leads, admins and superusers pass an authenticator-app code after their
password before any page with child data or guidance editing; recovery codes work once; an admin resets it."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import SecurityEvent, User
from portal.second_factor import second_factor_reset

from .factories import PASSWORD, UserFactory, partnership

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor_by_hand]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def code_for(user: User, steps_ahead: int = 0) -> str:
    """What the user's app shows now (or a step later: a code is never accepted twice)."""
    device = TOTPDevice.objects.get(user=user)
    now = time.time() + steps_ahead * device.step
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = now
    return f"{generator.token():0{device.digits}d}"


def sign_in(client, user: User) -> str:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def set_up(client, user: User) -> str:
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert "Set up an authenticator app" in page
    assert re.search(r'data-secret="([A-Z2-7 ]+)"', page)
    response = client.post(reverse("second_factor_setup"), {"code": code_for(user)})
    assert response.status_code == 200
    assert "Your second factor is set up" in response.content.decode()
    return response.content.decode()


def test_a_lead_is_asked_to_set_one_up_before_the_queue(client):
    lead = UserFactory(role=User.Role.LEAD)
    assert sign_in(client, lead) == reverse("home")
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("second_factor_setup"))
    codes_page = set_up(client, lead)
    assert len(re.findall(r"<li><code>[a-z2-7]+</code></li>", codes_page)) == 10
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED, user=lead).exists()


def test_next_time_the_code_is_asked_for_and_a_wrong_one_refused(client):
    lead = UserFactory(role=User.Role.LEAD)
    sign_in(client, lead)
    set_up(client, lead)
    client.post(reverse("logout"))
    sign_in(client, lead)
    assert client.get(reverse("referrals:queue"))["Location"].startswith(reverse("second_factor"))
    wrong = client.post(reverse("second_factor"), {"code": "000000" if code_for(lead, 1) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert client.get(reverse("referrals:queue")).status_code == 302
    time.sleep(1.1)  # django-otp slows guessing: 1 s after one failure, doubling after each
    right = client.post(reverse("second_factor"), {"code": code_for(lead, 1), "next": reverse("referrals:queue")})
    assert right["Location"] == reverse("referrals:queue")
    assert client.get(reverse("referrals:queue")).status_code == 200


def test_a_recovery_code_works_once(client):
    lead = UserFactory(role=User.Role.LEAD)
    sign_in(client, lead)
    recovery = re.findall(r"<li><code>([a-z2-7]+)</code></li>", set_up(client, lead))[0]
    client.post(reverse("logout"))
    sign_in(client, lead)
    assert client.post(reverse("second_factor"), {"code": recovery})["Location"] == reverse("home")
    client.post(reverse("logout"))
    sign_in(client, lead)
    again = client.post(reverse("second_factor"), {"code": recovery})
    assert again.status_code == 200
    assert "The code is not right" in again.content.decode()


@pytest.mark.parametrize("role", [User.Role.ADMIN])
def test_guidance_editing_needs_it_too(client, role):
    admin = UserFactory(role=role)
    sign_in(client, admin)
    assert client.get("/admin/")["Location"].startswith(reverse("second_factor"))
    set_up(client, admin)
    assert client.get("/admin/").status_code == 200


def test_a_practitioner_is_not_asked_unless_their_partnership_requires_it(client):
    practitioner = UserFactory()
    sign_in(client, practitioner)
    assert client.get(reverse("referrals:mine")).status_code == 200
    client.post(reverse("logout"))
    place = practitioner.partnership
    place.require_second_factor = True
    place.save()
    sign_in(client, practitioner)
    assert client.get(reverse("referrals:mine"))["Location"].startswith(reverse("second_factor"))


def test_a_practitioner_who_turned_it_on_is_asked_for_it(client):
    practitioner = UserFactory(partnership=partnership("stoke"))
    sign_in(client, practitioner)
    set_up(client, practitioner)
    client.post(reverse("logout"))
    sign_in(client, practitioner)
    assert client.get(reverse("referrals:mine"))["Location"].startswith(reverse("second_factor"))


def test_the_public_guidance_stays_open_before_the_second_factor(client):
    lead = UserFactory(role=User.Role.LEAD)
    sign_in(client, lead)
    assert client.get("/check/stoke-2018/stoke-on-trent/").status_code == 200
    assert client.get("/").status_code == 200


def test_another_admin_resets_it_and_the_next_sign_in_sets_up_a_new_one(client):
    lead = UserFactory(role=User.Role.LEAD)
    sign_in(client, lead)
    set_up(client, lead)
    client.post(reverse("logout"))
    root = User.objects.create_superuser("root-user", "root@example.org", PASSWORD)
    assert second_factor_reset(user=lead, by=root) == 2  # the app and the recovery codes
    sign_in(client, lead)
    assert client.get(reverse("second_factor"))["Location"].startswith(reverse("second_factor_setup"))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_REMOVED)
    assert event.user == lead and event.detail == {"by": "root-user"}


@pytest.mark.parametrize("name", ["second_factor", "second_factor_setup"])
def test_the_pages_need_a_signed_in_person(client, name):
    assert client.get(reverse(name))["Location"].startswith(reverse("login"))


def test_new_recovery_codes_need_the_second_factor_passed(client):
    lead = UserFactory(role=User.Role.LEAD)
    sign_in(client, lead)
    assert client.post(reverse("second_factor_codes"))["Location"].startswith(reverse("second_factor"))
    set_up(client, lead)
    assert "Your recovery codes" in client.post(reverse("second_factor_codes")).content.decode()
