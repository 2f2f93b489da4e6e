"""The three rates' written definitions, as data (administrators may edit them)."""

from decimal import Decimal

from django.db import migrations

ROWS = {
    "response_rate": (
        "按时响应的诉求：责任部门在响应时限内受理（工作日计）",
        Decimal("1.00"),
    ),
    "resolution_rate": ("人才评价为“已解决”的诉求", Decimal("1.00")),
    "satisfaction_rate": (
        "人才评价为“满意”的诉求，加“基本满意”的诉求乘以权重",
        Decimal("0.80"),
    ),
}
DENOMINATOR = "期内有有效评价的诉求（以人才最后一次评价为准）"


def create(apps, schema_editor):
    RateDefinition = apps.get_model("engagement", "RateDefinition")
    for code, (numerator, weight) in ROWS.items():
        RateDefinition.objects.get_or_create(
            code=code,
            defaults={
                "numerator": numerator,
                "denominator": DENOMINATOR,
                "basically_satisfied_weight": weight,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
