"""One contract for every registered figure: what a campaign or a dashboard may rely on.

Each app tests its own figures against counts written in its tests; this test holds every
figure, present and future, to the shape of the registry: computable for every breakdown it
allows, scoped (nobody without a role counts anything), additive where the kind is, and — for
stocks — computable as of a day before anything happened.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Kind, Measure, Period, Unit

from .factories import make_card, make_county, make_talent, make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

ALL = figures.registry.names()
TODAY = timezone.localdate()
THIS_YEAR = Period(date(TODAY.year - 1, 1, 1), TODAY)


def _window(figure):
    return {"period": THIS_YEAR} if figure.measure == Measure.FLOW else {"as_of": TODAY}


@pytest.fixture
def world():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    for county in (tuanfeng, tuanfeng, wuxue):
        make_card(make_talent(county=county))
    return tuanfeng, wuxue


def test_todays_figures_are_registered():
    assert {
        "talents.registered",
        "talents.in_registry",
        "talents.cards_issued",
        "desk.cases_opened",
        "desk.settled_within_target",
        "desk.median_handling_working_days",
        "desk.money_paid",
        "policies.notices_sent",
    } <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_figure_declares_what_readers_need(name):
    figure = figures.registry.get(name)

    assert str(figure.label)
    assert str(figure.description)
    assert str(figure.attribution)
    assert figure.unit in Unit.values
    assert figure.kind in Kind.values
    assert figure.measure in Measure.values
    assert reverse(figure.drilldown)
    # the county, the period's ends (a flow) or the day (a stock), and the breakdowns the list
    # filters by (a bar's key)
    when = {"from", "to"} if figure.measure == Measure.FLOW else {"as_of"}
    assert set(figure.drilldown_params) <= {"county", *when, *figure.breakdowns}
    assert figures.drilldown_url(figure, county=1, period=THIS_YEAR).startswith(
        reverse(figure.drilldown)
    )


@pytest.mark.parametrize("name", ALL)
def test_every_breakdown_computes_and_adds_up(name, world):
    figure = figures.registry.get(name)
    task_force = make_user(role=Role.TASK_FORCE)

    total = figures.compute(name, task_force, **_window(figure)).total
    for breakdown in figure.allowed_breakdowns():
        result = figures.compute(name, task_force, breakdown=breakdown, **_window(figure))
        if figure.kind == Kind.RATIO:
            assert sum(r.value.denominator for r in result.rows) == total.denominator
            assert sum(r.value.numerator for r in result.rows) == total.numerator
        elif figure.kind == Kind.SUM or (figure.kind == Kind.COUNT and not figure.distinct_field):
            assert sum(r.value.value for r in result.rows) == total.value, breakdown
        assert all(r.label for r in result.rows)


@pytest.mark.parametrize("name", ALL)
def test_a_user_without_a_role_counts_nothing(name, world):
    figure = figures.registry.get(name)

    total = figures.compute(name, make_user(role=None), **_window(figure)).total

    assert total.value in (0, None)
    assert total.numerator in (0, None)


@pytest.mark.parametrize("name", ALL)
def test_a_county_officer_counts_only_their_county(name, world):
    tuanfeng, wuxue = world
    figure = figures.registry.get(name)
    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)
    task_force = make_user(role=Role.TASK_FORCE)

    mine = figures.compute(name, officer, **_window(figure)).total
    theirs = figures.compute(name, task_force, counties=[wuxue.pk], **_window(figure)).total

    assert mine == theirs


@pytest.mark.parametrize("name", [n for n in ALL if figures.registry.get(n).measure == "stock"])
def test_a_stock_before_anything_happened_is_zero(name, world):
    long_ago = TODAY - timedelta(days=365 * 50)

    total = figures.compute(name, make_user(role=Role.TASK_FORCE), as_of=long_ago).total

    assert total.value in (0, None)


@pytest.mark.parametrize("name", [n for n in ALL if figures.registry.get(n).measure == "flow"])
def test_a_flow_needs_a_period(name):
    with pytest.raises(ValueError, match="period"):
        figures.compute(name, make_user(role=Role.TASK_FORCE))


def test_an_unknown_breakdown_is_refused(world):
    with pytest.raises(ValueError, match="breakdown"):
        figures.compute(
            "talents.registered",
            make_user(role=Role.TASK_FORCE),
            period=THIS_YEAR,
            breakdown="shoe size",
        )
