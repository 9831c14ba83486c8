"""Who looked at a child's record, and when: every look is kept, for the partnership's leads to see.

One `RecordView` row per record shown: a look at one record (overview, summary, pdf, the child step,
review, disagreement, subject-access) and every record listed by name on a list page (queue, dashboard,
mine). A list page writes its rows in one INSERT … SELECT whatever the number listed, none included, so
its query count stays constant (docs/decisions/0010-records-log-and-retention.md). Rows are never edited
or deleted (`RecordView`). A case system reading through the integration API is logged the same way, naming its
token (`token=`) in place of a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from uuid import UUID

from django.db import connection, models
from django.db.models import Q, QuerySet, Value
from django.utils import timezone

from .models import Assessment, RecordView


def record_view(*, assessment: Assessment, viewer: Any = None, what: str, token: Any = None) -> RecordView:
    """Keep one look at `assessment` (`what`: overview, summary, pdf, step, review, disagreement, subject-access,
    api-detail, api-pdf) by a person (`viewer`) or a case system (`token`, an `api.ApiToken`)."""
    if viewer is None and token is None:
        raise ValueError("A record view names who looked: a viewer or an API token.")
    return RecordView.objects.create(
        assessment=assessment, reference=assessment.reference, viewer=viewer, api_token=token, what=what
    )


def record_list_view(
    *, assessment_ids: Iterable[UUID] | QuerySet[Assessment], viewer: Any = None, what: str, token: Any = None
) -> None:
    """Keep one look per assessment a list names (`what`: queue, dashboard, mine, api-list, returns-csv), in a
    single query, by a person (`viewer`) or a case system (`token`).

    The database copies each row's reference from the assessment itself; an empty list still costs the one
    query (matching nothing), so a page's query count does not depend on how many it lists. A queryset (an
    export of every match) is copied by the database without reading its ids into Python.
    """
    if viewer is None and token is None:
        raise ValueError("A record view names who looked: a viewer or an API token.")
    if isinstance(assessment_ids, QuerySet):
        shown = assessment_ids.order_by()
    else:
        ids = list(assessment_ids)
        shown = Assessment.objects.filter(Q(pk__in=ids) if ids else Q(pk__isnull=True)).order_by()
    rows = shown.values_list(
        "pk",
        "reference",
        Value(getattr(viewer, "pk", None), output_field=models.BigIntegerField()),
        Value(getattr(token, "pk", None), output_field=models.BigIntegerField()),
        Value(timezone.now(), output_field=models.DateTimeField()),
        Value(what, output_field=models.CharField()),
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(RecordView._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(cast(models.Field, RecordView._meta.get_field(name)).column)
        for name in ("assessment", "reference", "viewer", "api_token", "at", "what")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608 (names from the model)
