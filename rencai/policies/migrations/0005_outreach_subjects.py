"""Outreach notices of any subject (docs/decisions/0007, 0008).

A notice was (talent, benefit version); it becomes (talent, kind, subject, subject version):
the benefit kind's subject is the benefit and its version the version's number. Existing
notices are carried over (and back, for benefit notices, on reversing). The log loses its
foreign-key constraints and its talent and version indexes (0008).
"""

import django.db.models.deletion
from django.db import migrations, models

BENEFIT_KIND = "policies.benefit"


def _checked_now(schema_editor):
    """Deferred foreign-key checks run now, so the ALTER TABLEs after may run."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def to_subjects(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    BenefitVersion = apps.get_model("policies", "BenefitVersion")
    version = BenefitVersion.objects.filter(pk=models.OuterRef("version_id"))
    Notice.objects.update(
        kind=BENEFIT_KIND,
        subject_id=models.Subquery(version.values("benefit_id")[:1]),
        subject_version=models.Subquery(version.values("number")[:1]),
    )
    _checked_now(schema_editor)


def to_versions(apps, schema_editor):
    Notice = apps.get_model("policies", "OutreachNotice")
    BenefitVersion = apps.get_model("policies", "BenefitVersion")
    Notice.objects.exclude(kind=BENEFIT_KIND).delete()
    version = BenefitVersion.objects.filter(
        benefit_id=models.OuterRef("subject_id"), number=models.OuterRef("subject_version")
    )
    Notice.objects.update(version_id=models.Subquery(version.values("pk")[:1]))
    Notice.objects.filter(version_id__isnull=True).delete()
    _checked_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0004_entitlement_beneficiary"),
        ("talents", "0002_catalogue_code_not_reserved"),
    ]

    operations = [
        migrations.AddField(
            model_name="outreachrun",
            name="subject_kind",
            field=models.CharField(
                blank=True,
                help_text="Set when the run told the audience of one subject (an event…).",
                max_length=40,
                verbose_name="subject kind",
            ),
        ),
        migrations.AddField(
            model_name="outreachrun",
            name="subject_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="outreachrun",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("manual", "Started by an officer"),
                    ("schedule", "Scheduled"),
                    ("publish", "Benefit published"),
                    ("talent_change", "Talent registered or changed"),
                    ("subject", "Subject published"),
                ],
                max_length=15,
                verbose_name="trigger",
            ),
        ),
        migrations.AddField(
            model_name="outreachnotice",
            name="kind",
            field=models.CharField(default=BENEFIT_KIND, max_length=40, verbose_name="kind"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="outreachnotice",
            name="subject_id",
            field=models.BigIntegerField(null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="outreachnotice",
            name="subject_version",
            field=models.IntegerField(null=True, verbose_name="subject version"),
        ),
        migrations.AlterField(
            model_name="outreachnotice",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notices",
                to="policies.benefitversion",
            ),
        ),
        migrations.RunPython(to_subjects, to_versions),
        migrations.RemoveConstraint(model_name="outreachnotice", name="outreach_notice_once"),
        migrations.RemoveField(model_name="outreachnotice", name="version"),
        migrations.AlterField(
            model_name="outreachnotice",
            name="subject_id",
            field=models.BigIntegerField(verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="outreachnotice",
            name="subject_version",
            field=models.IntegerField(verbose_name="subject version"),
        ),
        migrations.AlterField(
            model_name="outreachnotice",
            name="talent",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="talents.talent",
            ),
        ),
        migrations.AlterField(
            model_name="outreachnotice",
            name="run",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notices",
                to="policies.outreachrun",
            ),
        ),
        migrations.AddConstraint(
            model_name="outreachnotice",
            constraint=models.UniqueConstraint(
                fields=("kind", "subject_id", "subject_version", "talent"),
                name="outreach_notice_once",
            ),
        ),
    ]
