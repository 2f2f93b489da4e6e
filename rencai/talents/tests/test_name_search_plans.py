"""The registry's name search plans as if in memory, in its own statements only."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from rencai.core import pagination
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_talent, make_user
from rencai.talents.search import RANDOM_PAGE_COST, planned_as_in_memory
from rencai.talents.selectors import TalentFilters, registry_page

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL planner setting"
)


def random_page_cost(on=connection) -> float:
    with on.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost')::float")
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.portable
@pytest.mark.parametrize("cap", [1000, 1], ids=["counted whole", "past the cap: ids first"])
def test_the_registry_page_of_a_name_search_is_its_newest_matches_in_the_actors_county(
    monkeypatch, cap
):
    monkeypatch.setattr(pagination, "COUNT_CAP", cap)
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    zhangs = [make_talent(county=tuanfeng, name=name) for name in ("张三", "张山", "张珊")]
    make_talent(county=wuxue, name="张四")
    make_talent(county=tuanfeng, name="李四")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    page, rows = registry_page(officer, TalentFilters(name="张"), 2, per_page=1)

    assert rows == sorted(zhangs, key=lambda t: -t.pk)[1:2]
    assert rows[0].county == tuanfeng
    assert page.paginator.is_capped == (cap == 1)
    assert page.has_next()


@postgres_only
@pytest.mark.django_db
def test_inside_a_callers_transaction_the_setting_is_back_after_the_block():
    before = random_page_cost()
    with transaction.atomic():
        with planned_as_in_memory():
            assert random_page_cost() == RANDOM_PAGE_COST
        assert random_page_cost() == before
    assert random_page_cost() == before


@postgres_only
@pytest.mark.django_db
def test_an_error_inside_the_block_leaves_the_setting_as_it_was():
    before = random_page_cost()
    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), planned_as_in_memory():
            1 / 0  # noqa: B018
        assert random_page_cost() == before


@pytest.fixture
def unwrapped_connection(db):
    """The default alias on a connection of its own, outside the test's transaction (a
    `transaction=True` test would flush every table after it: seconds)."""
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    test_connection = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = own
    try:
        yield own
    finally:
        connections[DEFAULT_DB_ALIAS] = test_connection
        own.close()


@postgres_only
def test_outside_a_transaction_the_block_opens_one_and_the_setting_ends_with_it(
    unwrapped_connection,
):
    own = unwrapped_connection
    before = random_page_cost(own)
    with planned_as_in_memory():
        assert own.in_atomic_block
        assert random_page_cost(own) == RANDOM_PAGE_COST

    assert own.get_autocommit()
    assert not own.in_atomic_block
    assert random_page_cost(own) == before == 4


@postgres_only
@pytest.mark.django_db
def test_only_a_name_search_past_the_cap_changes_how_its_page_is_planned(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    make_talent(name="张三")
    make_talent(name="张山")
    make_talent(name="李四")
    task_force = make_user(role=Role.TASK_FORCE)

    def settings_made(filters: TalentFilters) -> list[str]:
        with CaptureQueriesContext(connection) as ran:
            registry_page(task_force, filters, 1, per_page=1)
        return [q["sql"] for q in ran.captured_queries if "random_page_cost" in q["sql"]]

    with CaptureQueriesContext(connection) as past_the_cap:
        registry_page(task_force, TalentFilters(name="张"), 1, per_page=1)
    sql = [q["sql"] for q in past_the_cap.captured_queries]
    setting = [i for i, text in enumerate(sql) if "random_page_cost" in text]
    ids = next(i for i, text in enumerate(sql) if "ORDER BY" in text and "LIMIT 1" in text)
    assert len(setting) == 2  # set before the page's ids, put back after them (a test's atomic)
    assert setting[0] < ids < setting[1]
    assert settings_made(TalentFilters(name="李")) == []  # counted whole: one query
    assert settings_made(TalentFilters()) == []
