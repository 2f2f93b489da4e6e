"""Outreach's high-water marks: the marks, and the change log kept by statement triggers on
the tables a found query reads (PostgreSQL; `rencai.policies.marks`)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from rencai.policies import marks

    marks.install(using=schema_editor.connection.alias)


def drop(apps, schema_editor):
    from rencai.policies import marks

    marks.drop(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('policies', '0007_fill_notice_department'),
        ('talents', '0012_search_keys_statistics'),
        ('core', '0006_message_outbox'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutreachMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('subject_id', models.BigIntegerField()),
                ('subject_version', models.IntegerField()),
                ('scope', models.BigIntegerField(default=0)),
                ('rule_key', models.CharField(max_length=64)),
                ('snapshot', models.TextField()),
                ('xid', models.CharField(max_length=24)),
                ('seq', models.BigIntegerField()),
                ('found', models.BigIntegerField()),
                ('run_id', models.BigIntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('kind', 'subject_id', 'subject_version', 'scope'), name='outreach_mark_once')],
            },
        ),
        migrations.RunPython(install, drop),
    ]
