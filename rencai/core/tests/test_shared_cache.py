"""The shared cache: a table in the database by default, made by `migrate` (and `serve_demo`),
so every app server reads and writes the same entries."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import override_settings

pytestmark = [pytest.mark.portable, pytest.mark.django_db(transaction=True)]

TABLE = "rencai_cache_test"
DB_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
}


def test_the_default_cache_outside_the_tests_is_the_database_table():
    import environ

    assert environ.Env().cache_url_config("dbcache://rencai_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rencai_cache",
    }


def test_migrate_makes_the_cache_table_and_the_cache_works_through_it():
    with override_settings(CACHES=DB_CACHE):
        from django.core.cache import caches

        try:
            # what `migrate` sends when it is done
            emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
            assert TABLE in connection.introspection.table_names()
            caches["default"].set("throttle", 3)
            assert caches["default"].get("throttle") == 3
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
