"""Events' outreach notices carry the event's organiser as their department (policies/0006)."""

from django.db import migrations, models

KIND = "events.event"


def fill(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    Event = apps.get_model("events", "Event")
    event = Event.objects.filter(pk=models.OuterRef("subject_id"))
    Notice.objects.filter(kind=KIND).update(
        department_id=models.Subquery(event.values("organiser_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0002_labels"),
        ("policies", "0006_outreachnotice_department"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
