"""Existing benefit notices take their benefit's owning department (0006 added the column).

Not atomic: a batch of notices (by id) per statement, each committed on its own, so a notice
log of millions is filled without one long transaction and its locks; run again, it fills
what is still empty."""

from django.db import migrations, models

BENEFIT_KIND = "policies.benefit"
BATCH = 50_000


def fill(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    Benefit = apps.get_model("policies", "Benefit")
    benefit = Benefit.objects.filter(pk=models.OuterRef("subject_id"))
    todo = Notice.objects.filter(kind=BENEFIT_KIND, department_id__isnull=True)
    highest = todo.aggregate(highest=models.Max("pk"))["highest"] or 0
    for start in range(0, highest, BATCH):
        todo.filter(pk__gt=start, pk__lte=start + BATCH).update(
            department_id=models.Subquery(benefit.values("owning_department_id")[:1])
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("policies", "0006_outreachnotice_department")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
