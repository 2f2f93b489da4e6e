"""The departure reasons catalogue, seeded (the city administrator edits it in the admin)."""

from django.db import migrations

REASONS = [
    ("job_transfer", "工作调动", 10),
    ("further_study", "升学深造", 20),
    ("family", "家庭原因", 30),
    ("start_business", "外出创业", 40),
    ("retirement", "退休", 50),
    ("other", "其他", 90),
]


def seed(apps, schema_editor):
    DepartureReason = apps.get_model("talents", "DepartureReason")
    for code, name, rank in REASONS:
        DepartureReason.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})


class Migration(migrations.Migration):
    dependencies = [("talents", "0005_talent_moves")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
