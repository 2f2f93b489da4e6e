"""Events' outreach notices carry the event's organiser as their department (policies/0006).

Not atomic: a batch of notices (by id) per statement, each committed on its own, as
policies/0007 fills the benefits' notices."""

from django.db import migrations, models

KIND = "events.event"
BATCH = 50_000


def fill(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    Event = apps.get_model("events", "Event")
    event = Event.objects.filter(pk=models.OuterRef("subject_id"))
    todo = Notice.objects.filter(kind=KIND, department_id__isnull=True)
    highest = todo.aggregate(highest=models.Max("pk"))["highest"] or 0
    for start in range(0, highest, BATCH):
        todo.filter(pk__gt=start, pk__lte=start + BATCH).update(
            department_id=models.Subquery(event.values("organiser_id")[:1])
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("events", "0002_labels"),
        ("policies", "0006_outreachnotice_department"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
