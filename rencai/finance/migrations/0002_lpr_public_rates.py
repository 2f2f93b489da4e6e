"""The one-year LPR as published (public facts); administrators add later rows."""

from datetime import date

from django.db import migrations

RATES = [
    (date(2021, 12, 20), 380, "2021-12-20 一年期 LPR 3.80%"),
    (date(2022, 1, 20), 370, "2022-01-20 一年期 LPR 3.70%"),
    (date(2022, 8, 22), 365, "2022-08-22 一年期 LPR 3.65%"),
]


def add_rates(apps, schema_editor):
    LprRate = apps.get_model("finance", "LprRate")
    for day, bp, note in RATES:
        LprRate.objects.get_or_create(effective_from=day, defaults={"rate_bp": bp, "note": note})


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
