"""Issue 19: every partnership's SentCount from the assessments already sent to it (a sent one is never deleted,
never sent back to draft and never moves partnership, so from here sending keeps the count)."""

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):
    Assessment = apps.get_model("referrals", "Assessment")
    SentCount = apps.get_model("referrals", "SentCount")
    totals = Assessment.objects.exclude(status="draft").order_by().values_list("partnership_id").annotate(n=Count("*"))
    SentCount.objects.bulk_create([SentCount(partnership_id=p, n=n) for p, n in totals])


def empty(apps, schema_editor):
    apps.get_model("referrals", "SentCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0017_dashboard_summaries_and_sent_counts")]

    operations = [migrations.RunPython(fill, empty)]
