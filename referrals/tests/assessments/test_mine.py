"""Issue 19: "My assessments" in pages of 25, filtered by status and reference, in a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, current_framework
from referrals.assessments.selectors import MINE_PAGE_SIZE
from referrals.models import Assessment

pytestmark = pytest.mark.django_db


def many(owner, n: int, *, status: str = Assessment.Status.DRAFT, start: int = 0) -> list[Assessment]:
    """n assessments without the factory's cost (one INSERT), references M<owner><number>."""
    framework = current_framework(owner.partnership)
    return Assessment.objects.bulk_create(
        Assessment(
            owner=owner,
            partnership=owner.partnership,
            framework=framework,
            area="sefton",
            reference=f"M{owner.pk:02d}{start + i:06d}",
            child_name=f"Child {start + i}",
            status=status,
            indicators=[],
        )
        for i in range(n)
    )


def rows(page: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row">\s*<td.*?</tr>', page, re.S)


def test_pages_of_25_most_recently_changed_first_with_govuk_pagination(signed_in, practitioner):
    made = many(practitioner, MINE_PAGE_SIZE + 5)
    newest_first = sorted(made, key=lambda a: (a.updated, a.pk), reverse=True)
    first = signed_in.get(reverse("referrals:mine")).content.decode()
    assert len(rows(first)) == MINE_PAGE_SIZE
    assert newest_first[0].reference in first and newest_first[-1].reference not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first and 'href="?page=2"' in first
    assert f"({MINE_PAGE_SIZE + 5})" in first
    second = signed_in.get(reverse("referrals:mine"), {"page": "2"}).content.decode()
    assert len(rows(second)) == 5 and newest_first[-1].reference in second and 'rel="prev"' in second
    for bad in ("0", "99", "two", "-1"):  # a page that is not there: the first or the last, never an error
        assert signed_in.get(reverse("referrals:mine"), {"page": bad}).status_code == 200


def test_filters_by_status_and_reference_and_keeps_them_across_pages(signed_in, practitioner):
    many(practitioner, 2, status=Assessment.Status.DRAFT)
    many(practitioner, MINE_PAGE_SIZE + 1, status=Assessment.Status.SUBMITTED, start=100)
    many(practitioner, 1, status=Assessment.Status.IN_REVIEW, start=200)
    decided = many(practitioner, 3, status=Assessment.Status.DECIDED, start=300)
    url = reverse("referrals:mine")

    def shown(**params) -> int:
        found = re.search(r"most recently changed first \((\d+)\)", signed_in.get(url, params).content.decode())
        assert found
        return int(found[1])

    assert shown() == 2 + MINE_PAGE_SIZE + 1 + 1 + 3
    assert (shown(status="draft"), shown(status="sent"), shown(status="decided")) == (2, MINE_PAGE_SIZE + 2, 3)
    assert shown(status="nonsense") == shown()  # not a status: every status
    assert shown(reference=decided[1].reference.lower()) == 1  # any case
    assert shown(reference=f"  {decided[1].reference[:-1]}", status="decided") == 3  # part of one, spaces ignored
    page = signed_in.get(url, {"status": "sent"}).content.decode()
    assert 'href="?status=sent&amp;page=2"' in page and '<option value="sent" selected>' in page
    nothing = signed_in.get(url, {"reference": "X" * 500, "status": "draft"})
    assert nothing.status_code == 200 and "No assessments match." in nothing.content.decode()
    assert 'value="' + "X" * 100 + '"' in nothing.content.decode()


def test_a_constant_number_of_queries_whatever_the_number_of_assessments(signed_in, practitioner):
    AssessmentFactory(owner=practitioner)
    with CaptureQueriesContext(connection) as one:
        assert signed_in.get(reverse("referrals:mine")).status_code == 200
    many(practitioner, 3 * MINE_PAGE_SIZE, status=Assessment.Status.SUBMITTED)
    with CaptureQueriesContext(connection) as lots:
        response = signed_in.get(reverse("referrals:mine"), {"status": "sent", "page": "2"})
    assert len(response.context["assessments"]) == MINE_PAGE_SIZE
    assert len(one) == len(lots) <= 8
