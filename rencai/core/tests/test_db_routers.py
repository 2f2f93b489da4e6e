"""The replica router: the dashboard's and the exports' reads go to the replica when one is
configured, every write and every other read to the primary; without a replica nothing moves.

The test settings hold a second alias, "replica", as a MIRROR of the test database (Django's
"Testing primary/replica configurations"); a test names it the replica with
`settings.READ_REPLICA_ALIAS`."""

import pytest
from django.db import connection, connections, router
from django.test.utils import CaptureQueriesContext

from rencai.core.choices import Role
from rencai.core.db_routers import reading_from_replica, reads_from_replica
from rencai.core.models import AuditEvent, User

from .clients import page_client
from .factories import make_user


@pytest.fixture
def with_replica(settings):
    settings.READ_REPLICA_ALIAS = "replica"
    return "replica"


@pytest.mark.portable
def test_without_a_replica_reads_in_the_block_stay_on_the_primary(settings):
    settings.READ_REPLICA_ALIAS = None

    with reading_from_replica():
        assert User.objects.all().db == "default"
        assert not reads_from_replica()


@pytest.mark.portable
def test_with_a_replica_reads_in_the_block_go_to_it_and_reads_outside_do_not(with_replica):
    with reading_from_replica():
        inside = User.objects.all().db
        assert reads_from_replica()
    outside = User.objects.all().db

    assert inside == "replica"
    assert outside == "default"


@pytest.mark.portable
def test_writes_and_locking_reads_in_the_block_go_to_the_primary(with_replica):
    with reading_from_replica():
        assert router.db_for_write(User) == "default"
        assert User.objects.select_for_update().db == "default"
        assert User.objects.all().db == "replica"


@pytest.mark.portable
def test_the_shared_cache_is_read_from_the_primary_even_in_the_block(with_replica):
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache("rencai_cache", {})

    with reading_from_replica():
        assert router.db_for_read(cache.cache_model_class) == "default"


@pytest.mark.portable
def test_the_replica_is_never_migrated(with_replica):
    assert router.allow_migrate("replica", "core", model_name="user") is False
    assert router.allow_migrate("default", "core", model_name="user") is True


@pytest.mark.portable
def test_the_block_ends_on_an_error(with_replica):
    with pytest.raises(RuntimeError), reading_from_replica():
        raise RuntimeError("boom")

    assert User.objects.all().db == "default"


@pytest.mark.portable
def test_the_decorator_routes_the_views_reads_only_while_it_runs(with_replica):
    seen = []

    @reading_from_replica
    def view():
        seen.append(User.objects.all().db)
        return "ok"

    assert view() == "ok"
    assert seen == ["replica"]
    assert User.objects.all().db == "default"


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a MIRROR of an in-memory SQLite is another database"
)


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_reads_its_figures_from_the_replica(with_replica):
    client = page_client(make_user(role=Role.TASK_FORCE))

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/dashboard/")

    assert response.status_code == 200
    assert len(replica.captured_queries) > 0


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_an_export_reads_from_the_replica_and_writes_its_audit_event_to_the_primary(
    with_replica,
):
    client = page_client(make_user(role=Role.CITY_ADMIN))

    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/talents/export.xlsx")

    assert response.status_code == 200
    assert any('"talents_talent"' in q["sql"] for q in replica.captured_queries)
    assert not any(q["sql"].startswith("INSERT") for q in replica.captured_queries)
    assert any('INSERT INTO "core_auditevent"' in q["sql"] for q in primary.captured_queries)
    assert AuditEvent.objects.filter(action__contains="export").exists()


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_an_open_statistic_reads_its_counts_from_the_replica(with_replica):
    from django.test import Client

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = Client().get("/api/v1/stats/talents.registered/?period=2022-Q3")

    assert response.status_code == 200, response.content
    assert len(replica.captured_queries) > 0


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_other_pages_read_from_the_primary_only(with_replica):
    client = page_client(make_user(role=Role.CITY_ADMIN))

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/talents/")

    assert response.status_code == 200
    assert replica.captured_queries == []
