"""The search keys' index keeps the frequencies of 10,000 keys, not 1,000 (talents.search).

With the default statistics target (100: 1,000 most common elements of the array), every
rarer key was estimated at half the least common one's frequency (383 talents of a million),
and the registry's page for a name that 4 talents have walked the primary key through the
whole table looking for 50 (docs/performance.md, "Finding talents by name"). ANALYZE makes
the new target count at once rather than at autovacuum's next pass.
"""

from django.db import migrations

INDEX = "talent_search_keys_gin"  # migration 0004's
TARGET = 1000  # talents.search.STATISTICS_TARGET when this was written


def set_target(target: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS {target}")
            schema_editor.execute("ANALYZE talents_talent")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("talents", "0011_registrations_index"),
    ]

    operations = [
        migrations.RunPython(set_target(TARGET), set_target(-1)),
    ]
