"""Every phone number the portal links is one a phone can dial (issue 13: no concatenated alternatives)."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from django.urls import reverse

from thresholds.phones import dialable_numbers, dialable_parts

from .helpers import first_code, fixture_data

FRAMEWORKS = ["hw-2025", "herefordshire-2024", "worcestershire-2017", "stoke-2018", "sefton"]
# A weekday in office hours, a weekday night, a Saturday, and a bank holiday (Christmas Day 2026, a Friday).
MOMENTS = ["2026-11-23T10:00", "2026-11-23T20:00", "2026-11-28T11:00", "2026-12-25T10:00"]


def is_dialable_in_the_uk(number: str) -> bool:
    if phonenumbers.is_emergency_number(number, "GB"):
        return True
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


@pytest.mark.parametrize(
    ("printed", "dialled"),
    [
        ("0151 934 4013/ 4481", ["01519344013", "01519344481"]),
        ("(01432) 260800", ["01432260800"]),
        ("01905 768020", ["01905768020"]),
        ("999", ["999"]),
        ("01432 260800 or 01905 768020", ["01432260800", "01905768020"]),
        ("", []),
    ],
)
def test_a_printed_number_offers_each_number_it_holds(printed, dialled):
    assert dialable_numbers(printed) == dialled


def test_the_printed_text_is_kept_whole():
    assert "".join(part.text for part in dialable_parts("0151 934 4013/ 4481")) == "0151 934 4013/ 4481"


def test_the_old_concatenation_is_not_a_number():
    """What the portal used to dial for Sefton's MASH: proves the check below can fail."""
    assert not is_dialable_in_the_uk("015193440134481")


@pytest.mark.parametrize("slug", FRAMEWORKS)
def test_every_number_in_the_guidance_is_dialable(slug):
    data = fixture_data(slug)
    phones = [s["phone"] for s in data["services"] if s.get("phone")]
    assert phones
    for printed in phones:
        numbers = dialable_numbers(printed)
        assert numbers, printed
        for number in numbers:
            assert is_dialable_in_the_uk(number), f"{slug}: {printed!r} dials {number}"


def _tel_links(page: str) -> list[str]:
    return re.findall(r'href="tel:([^"]*)"', page)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", FRAMEWORKS)
def test_every_tel_link_on_every_result_is_dialable(client, slug):
    """Every framework, area and level, in and out of office hours, at a weekend and on a bank holiday."""
    data = fixture_data(slug)
    seen: set[str] = set()
    for area in data["areas"]:
        for level in (1, 2, 3, 4):
            for moment in MOMENTS:
                response = client.post(
                    reverse("thresholds:check-result", args=[slug, area["code"]]),
                    {"indicators": [first_code(slug, level)], "at": moment},
                )
                assert response.status_code == 200
                links = _tel_links(response.content.decode())
                assert links, (area["code"], level, moment)  # 999 at least, always
                for number in links:
                    assert is_dialable_in_the_uk(number), (area["code"], level, moment, number)
                seen.update(links)
    assert "999" in seen
