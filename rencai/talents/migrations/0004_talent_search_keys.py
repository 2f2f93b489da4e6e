"""The talent's name search keys (talents.search): the column, existing rows, the index."""

from django.db import migrations, models
from django.db.models import Case, Value, When

from rencai.talents.search import PG_INDEX_EXPRESSION, name_keys

BATCH = 500
INDEX = "talent_search_keys_gin"


def fill_keys(apps, schema_editor):
    """One UPDATE per 500 distinct names (a registry repeats names a lot)."""
    Talent = apps.get_model("talents", "Talent")
    names = sorted(set(Talent.objects.values_list("name", flat=True).distinct()))
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        Talent.objects.filter(name__in=batch).update(
            search_keys=Case(
                *(When(name=name, then=Value(name_keys(name))) for name in batch),
                default=Value(""),
                output_field=models.TextField(),
            )
        )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON talents_talent USING gin ({PG_INDEX_EXPRESSION})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("talents", "0003_card_check_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="talent",
            name="search_keys",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search keys"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index),
    ]
