"""The safeguarding lead's dashboard: the period's counts from its summary (`referrals.dashboard.services`, counted
again by the `count_dashboards` worker), the overdue list live; `summarise_aggregates` makes the figures."""

from __future__ import annotations

from dataclasses import replace
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
from ..exports import FilterError, referral_filters_parse, referrals_filtered, returns_csv_response
from .selectors import DEFAULT_PERIOD, OVERDUE_SHOWN, PERIODS, dashboard_overdue_for, rag_order
from .services import Summary, dashboard_summary_for
from .summary import Aggregates, summarise_aggregates

EMPTY = Aggregates(groups=(), median_hours={}, overdue=(), overdue_total=0)


@role_required(Role.LEAD)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    period = request.GET.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    period_words = PERIODS[period][1]
    lead = cast(User, request.user)  # role_required(Role.LEAD) let only a signed-in lead in
    if lead.partnership_id is None:
        summary = Summary(aggregates=EMPTY, rereferrals=0, counted_at=now, changed=False)
    else:  # the period's counts from its summary (one query), the overdue list live on the queue's index
        summary = dashboard_summary_for(partnership_id=lead.partnership_id, period=period, now=now)
    overdue, overdue_total = dashboard_overdue_for(lead=lead, now=now, limit=OVERDUE_SHOWN)
    counts = replace(summary.aggregates, overdue=overdue, overdue_total=overdue_total)
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
            "rereferrals": summary.rereferrals,
            "counted_at": summary.counted_at,
            "figures_changed": summary.changed,
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
