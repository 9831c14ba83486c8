"""The safeguarding lead's dashboard: the database counts (the selector), `summarise_aggregates` makes the figures."""

from __future__ import annotations

from datetime import timedelta
from typing import cast
from uuid import UUID

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from portal.access import Role, role_required
from portal.models import User

from ..access import assessments_in_queue_of
from ..audit import record_list_view
from ..children.selectors import rereferrals_count
from ..exports import FilterError, referral_filters_parse, referrals_filtered, returns_csv_response
from .selectors import DEFAULT_PERIOD, OVERDUE_SHOWN, PERIODS, dashboard_aggregates_for, rag_order
from .summary import summarise_aggregates


@role_required(Role.LEAD)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    period = request.GET.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    days, period_words = PERIODS[period]
    since = now - timedelta(days=days) if days else None
    lead = cast(User, request.user)  # role_required(Role.LEAD) let only a signed-in lead in
    counts = dashboard_aggregates_for(lead=lead, now=now, since=since, overdue_limit=OVERDUE_SHOWN)
    figures = summarise_aggregates(counts, now, rag_order=rag_order(partnership_id=lead.partnership_id))
    named = [cast(UUID, overdue.pk) for overdue in figures.overdue[:OVERDUE_SHOWN]]  # the only names it shows
    record_list_view(assessment_ids=named, viewer=lead, what="dashboard")
    return render(
        request,
        "referrals/dashboard.html",
        {
            "dashboard": figures,
            "period": period,
            "period_words": period_words,
            "periods": [(value, words) for value, (_, words) in PERIODS.items()],
            "overdue_shown": OVERDUE_SHOWN,
            "rereferrals": rereferrals_count(lead=lead, since=since),
            "overdue_slice": f":{OVERDUE_SHOWN}",
        },
    )


@role_required(Role.LEAD)
def returns_csv(request: HttpRequest) -> HttpResponseBase:
    """Every assessment sent to the lead's partnership as the returns CSV (the API's `?format=csv`), streamed.

    The same filters as the API (`status`, `level`, `rag`, `sent_since`, `decided_since`); no child's name."""
    lead = cast(User, request.user)
    try:
        filters = referral_filters_parse(request.GET)
    except FilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    found = referrals_filtered(assessments=assessments_in_queue_of(lead), filters=filters)
    record_list_view(assessment_ids=found, viewer=lead, what="returns-csv")
    slug = lead.partnership.slug if lead.partnership else "partnership"
    return returns_csv_response(assessments=found, name=f"referrals-{slug}-{timezone.localdate():%Y-%m-%d}")
