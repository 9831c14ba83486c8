"""The safeguarding lead's dashboard: the database counts (the selector), `summarise_aggregates` makes the figures."""

from __future__ import annotations

from datetime import timedelta
from typing import cast
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.access import Role, role_required
from portal.models import User

from ..audit import record_list_view
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
            "overdue_slice": f":{OVERDUE_SHOWN}",
        },
    )
