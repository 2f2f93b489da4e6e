"""The registry's pre-aggregated stocks (`talents.stocks`, decision 0011): after every way a
talent or their tags are written, the table's answer equals the live GROUP BY written here,
for several days, the city and some counties; and the figure reads it only where that is
exact. PostgreSQL only: SQLite has no triggers for it and counts live."""

from __future__ import annotations

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from rencai.core import clock, figures
from rencai.core.choices import Role
from rencai.core.models import AuditEvent, RoleAssignment, User
from rencai.core.tests.factories import make_county, make_user
from rencai.talents import stocks
from rencai.talents.choices import IdType, StockDimension
from rencai.talents.imports import import_talents
from rencai.talents.models import DepartureReason, StockDelta, Tag, Talent
from rencai.talents.services import moves, registry
from rencai.talents.tests.factories import make_degree, make_ric, make_talent, make_tier
from rencai.talents.tests.stock_checks import LOCAL, assert_table_is_live, live
from rencai.talents.tests.test_imports import row, workbook

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's triggers"),
]


@pytest.fixture
def world():
    huangzhou, tuanfeng, wuxue = (
        make_county("421102", "黄州区"),
        make_county("421121", "团风县"),
        make_county("421182", "武穴市"),
    )
    youth, graduate = (Tag.objects.create(code=c, name=c) for c in ("youth", "graduate"))
    return {
        "counties": (huangzhou, tuanfeng, wuxue),
        "tags": (youth, graduate),
        "tiers": (make_tier("A"), make_tier("B", rank=2)),
        "degrees": (make_degree("master"), make_degree("bachelor", rank=3)),
        "reason": DepartureReason.objects.get(code="job_transfer"),
        "task_force": make_user("tf", role=Role.TASK_FORCE),
        "tuanfeng_officer": make_user("tfo", role=Role.COUNTY_OFFICER, division=tuanfeng),
    }


def register(world, on: date, county, **fields):
    # half past midnight in the city: still the day before in UTC
    with clock.at(datetime.combine(on, time(0, 30), tzinfo=LOCAL)):
        return make_talent(county, **fields)


def some_talents(world):
    huangzhou, tuanfeng, wuxue = world["counties"]
    youth, graduate = world["tags"]
    a, b = world["tiers"]
    master, bachelor = world["degrees"]
    return [
        register(world, date(2021, 5, 1), huangzhou, tier=a, degree=master, tags=[youth]),
        register(world, date(2021, 12, 31), tuanfeng, tier=b, tags=[youth, graduate]),
        register(world, date(2022, 3, 1), wuxue, degree=bachelor, arrival_date=date(2019, 7, 1)),
        register(world, date(2022, 6, 30), tuanfeng, tier=a, arrival_date=date(2022, 6, 1)),
        register(world, date(2022, 9, 6), huangzhou, tags=[graduate]),
    ]


def county_sets(world):
    huangzhou, tuanfeng, wuxue = world["counties"]
    return [[tuanfeng.pk], [huangzhou.pk, wuxue.pk], []]


def test_registrations_of_every_kind_are_counted_as_live(world):
    some_talents(world)
    officer = world["tuanfeng_officer"]
    with clock.at(datetime(2022, 7, 1, 10, tzinfo=LOCAL)):
        registry.register_talent(
            actor=officer,
            fields={
                "name": "王芳",
                "id_type": IdType.RIC,
                "id_number": make_ric("421121", date(1995, 4, 12), 21),
                "mobile": "13871230001",
                "county": world["counties"][1],
                "tags": [world["tags"][0]],
                "tier": world["tiers"][0],
            },
        )

    assert_table_is_live(county_sets(world))


def test_an_import_is_counted_as_live(world):
    some_talents(world)
    rows = [
        row("李明", number=make_ric("421121", date(1994, 2, 3), 5), tags="youth、graduate"),
        row("王芳", number=make_ric("421182", date(1990, 8, 9), 42), county="武穴市", tier="A"),
    ]

    with clock.at(datetime(2022, 6, 30, 23, 59, tzinfo=LOCAL)):
        result = import_talents(workbook(rows), actor=world["task_force"])

    assert result.created == 2
    assert_table_is_live(county_sets(world))


def test_departures_returns_and_transfers_move_the_counts(world):
    first, second, third, *_ = some_talents(world)
    huangzhou, tuanfeng, wuxue = world["counties"]
    officer = {c.pk: make_user(role=Role.COUNTY_OFFICER, division=c) for c in world["counties"]}
    reason = world["reason"]
    with clock.at(date(2022, 9, 10)):
        moves.record_departure(
            first, actor=officer[huangzhou.pk], moved_on=date(2022, 3, 1), reason=reason
        )
        moves.record_departure(
            second, actor=officer[tuanfeng.pk], moved_on=date(2022, 6, 30), reason=reason
        )
        moves.record_return(second, actor=officer[tuanfeng.pk], moved_on=date(2022, 9, 6))
        moves.record_transfer(
            third, actor=officer[wuxue.pk], moved_on=date(2022, 9, 1), to_county=tuanfeng
        )

    assert_table_is_live(county_sets(world))


def test_edits_of_tier_degree_arrival_county_and_registration_day_move_the_counts(world):
    talents = some_talents(world)
    a, b = world["tiers"]
    master, _bachelor = world["degrees"]

    talents[0].tier, talents[0].degree = b, None
    talents[0].save()
    Talent.objects.filter(pk=talents[1].pk).update(arrival_date=date(2018, 1, 1))
    Talent.objects.filter(pk__in=[t.pk for t in talents[2:]]).update(
        county=world["counties"][0], degree=master
    )
    Talent.objects.filter(pk=talents[4].pk).update(
        created_at=datetime(2021, 1, 1, 0, 10, tzinfo=LOCAL)
    )
    rows = StockDelta.objects.count()
    Talent.objects.update(name="改名", mobile="13900000000")  # counts nothing: no row appended

    assert StockDelta.objects.count() == rows
    assert_table_is_live(county_sets(world))


def test_tags_added_removed_and_cleared_and_talents_deleted_are_counted(world):
    talents = some_talents(world)
    youth, graduate = world["tags"]

    talents[0].tags.add(graduate)
    talents[1].tags.remove(youth)
    talents[2].tags.set([youth, graduate])
    talents[4].tags.clear()
    talents[3].delete()
    talents[1].delete()
    Talent.tags.through.objects.filter(talent=talents[0], tag=youth).update(talent=talents[4])

    assert_table_is_live(county_sets(world))


def test_the_untagged_are_the_live_counts_none_bar(world):
    some_talents(world)

    counts = stocks.standing(StockDimension.TAG, date(2022, 9, 6))

    assert counts[None] == 2  # registered 2022-03-01 and 2022-06-30, no tag


def test_compaction_folds_the_rows_and_keeps_the_answers(world):
    talents = some_talents(world)
    talents[0].tags.clear()
    talents[0].tags.add(*world["tags"])
    before = StockDelta.objects.count()

    summary = stocks.compact()

    after = StockDelta.objects.count()
    assert summary["rows"] == after < before
    assert not StockDelta.objects.filter(n=0).exists()
    assert_table_is_live(county_sets(world))


def test_the_nightly_job_compacts_the_table(world):
    some_talents(world)
    world["tags"][0].talents.clear()
    before = StockDelta.objects.count()

    call_command("run_schedule", "--job", "talents.stocks_compact", stdout=StringIO())

    assert StockDelta.objects.count() < before
    assert_table_is_live(county_sets(world))


def test_rebuild_repairs_a_table_that_went_wrong_and_is_audited(world):
    some_talents(world)
    StockDelta.objects.filter(dimension=StockDimension.TIER).delete()
    StockDelta.objects.create(
        grain="month",
        dimension="total",
        county=world["counties"][0],
        registered_on=date(2020, 1, 1),
        n=7,
    )

    call_command("rebuild_registry_stocks", stdout=None)

    assert AuditEvent.objects.filter(action="talent.stocks_rebuild").exists()
    assert_table_is_live(county_sets(world))


# The figure reads the table only where that is exact ---------------------------------------


def rows_of(result) -> dict:
    return {row.key: row.value.value for row in result.rows}


@pytest.mark.parametrize("breakdown", [None, "county", "tier", "degree", "tag", "arrival_year"])
def test_the_figure_answers_from_the_table_for_the_city_and_a_county_officer(world, breakdown):
    some_talents(world)
    tuanfeng = world["counties"][1]
    day = date(2022, 9, 6)
    dimension = StockDimension.TOTAL if breakdown in (None, "county") else breakdown

    with connection.execute_wrapper(no_live_count):
        city = figures.compute(
            "talents.in_registry", world["task_force"], as_of=day, breakdown=breakdown
        )
        county = figures.compute(
            "talents.in_registry", world["tuanfeng_officer"], as_of=day, breakdown=breakdown
        )

    assert city.total.value == live(StockDimension.TOTAL, day).get(None, 0) == 5
    assert county.total.value == live(StockDimension.TOTAL, day, [tuanfeng.pk])[None] == 2
    if breakdown is not None:
        by_county = breakdown == "county"
        assert rows_of(city) == live(dimension, day, by_county=by_county)
        assert rows_of(county) == live(dimension, day, [tuanfeng.pk], by_county=by_county)


def no_live_count(execute, sql, params, many, context):
    assert '"talents_talent"' not in sql or "talents_stockdelta" in sql, sql
    return execute(sql, params, many, context)


def test_a_department_officer_and_a_county_officer_who_is_a_talent_count_live(world):
    talents = some_talents(world)
    a, b = world["tiers"]
    department = make_user("hrss", role=Role.DEPARTMENT_OFFICER)
    officer = world["tuanfeng_officer"]
    Talent.objects.filter(pk=talents[0].pk).update(user=officer)  # themself, in Huangzhou
    RoleAssignment.objects.create(user=officer, role=Role.TALENT)
    officer = User.objects.get(pk=officer.pk)  # its roles read again
    fast = figures.registry.get("talents.in_registry").fast_stock
    day = date(2022, 9, 6)

    assert fast(department, day, None, None) is None
    assert fast(officer, day, None, "tier") is None
    tuanfeng, wuxue = world["counties"][1:]
    other = make_user("tfo2", role=Role.COUNTY_OFFICER, division=tuanfeng)
    assert fast(other, day, frozenset({wuxue.pk}), None) == {None: 0}  # not theirs: no one
    assert figures.compute("talents.in_registry", department, as_of=day).total.value == 0
    mixed = figures.compute("talents.in_registry", officer, as_of=day, breakdown="tier")
    assert mixed.total.value == 3  # Tuanfeng's two, and themself in Huangzhou
    assert rows_of(mixed) == {a.pk: 2, b.pk: 1}


def test_a_month_breakdown_is_counted_live(world):
    some_talents(world)
    fast = figures.registry.get("talents.in_registry").fast_stock

    assert fast(world["task_force"], date(2022, 9, 6), None, "month") is None
