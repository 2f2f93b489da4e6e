"""An outreach notice carries its subject's department (the dashboard's department filter):
a benefit's owning department, copied when the notice is written. The column only: existing
notices are filled by 0007 (benefits) and events/0003 (events), outside this migration's
transaction, so adding the column does not hold the notice log's lock while every row is
rewritten."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
