"""An outreach notice carries its subject's department (the dashboard's department filter):
a benefit's owning department, copied when the notice is written. Existing benefit notices
take their benefit's; events' notices are filled by events/0003."""

import django.db.models.deletion
from django.db import migrations, models

BENEFIT_KIND = "policies.benefit"


def fill(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    Benefit = apps.get_model("policies", "Benefit")
    benefit = Benefit.objects.filter(pk=models.OuterRef("subject_id"))
    Notice.objects.filter(kind=BENEFIT_KIND).update(
        department_id=models.Subquery(benefit.values("owning_department_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_message_outbox"),
        ("policies", "0005_outreach_subjects"),
    ]

    operations = [
        migrations.AddField(
            model_name="outreachnotice",
            name="department",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.organisation",
                verbose_name="department",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
