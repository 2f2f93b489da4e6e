"""Progress: computed indicators count the records through the figures registry, for the
unit's county, as of any day; pace against the elapsed share; milestones; status by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from rencai.campaigns import progress
from rencai.campaigns.choices import Pace
from rencai.campaigns.models import Campaign
from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.permissions import city_reader
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_talent

from .factories import make_action, make_campaign, make_indicator, make_unit

SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def at(day: date, hour: int = 10):
    return clock.at(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI))


def register(county, day: date, n: int = 1) -> None:
    with at(day):
        for _ in range(n):
            make_talent(county=county)


@pytest.fixture
def counties():
    return make_county("421121", "团风县"), make_county("421182", "武穴市")


def test_computed_indicator_counts_its_county_records_in_the_campaign_up_to_the_day(counties):
    tuanfeng, wuxue = counties
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    unit = make_unit(make_action(campaign), division=tuanfeng)
    indicator = make_indicator(unit, figure="talents.registered", target=10)
    register(tuanfeng, date(2022, 8, 31))  # before the campaign
    register(tuanfeng, date(2022, 9, 2), 2)
    register(tuanfeng, date(2022, 9, 20), 3)
    register(wuxue, date(2022, 9, 5), 4)  # another county
    register(tuanfeng, date(2022, 10, 2))  # after it

    def expected(day):
        start = datetime(2022, 9, 1, tzinfo=SHANGHAI)
        end = datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + timedelta(days=1)
        return Talent.objects.filter(
            county=tuanfeng, created_at__gte=start, created_at__lt=end
        ).count()

    on_10th = progress.indicator_progress(indicator, date(2022, 9, 10), city_reader())
    at_end = progress.indicator_progress(indicator, date(2022, 10, 15), city_reader())

    assert on_10th.value == expected(date(2022, 9, 10)) == 2
    assert at_end.value == expected(date(2022, 9, 30)) == 5


def test_a_county_reader_counts_only_what_it_may_see(counties):
    tuanfeng, wuxue = counties
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    unit = make_unit(make_action(campaign), division=wuxue)
    indicator = make_indicator(unit, figure="talents.registered", target=10)
    register(wuxue, date(2022, 9, 3), 2)
    tuanfeng_officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    seen = progress.indicator_progress(indicator, date(2022, 9, 30), tuanfeng_officer)

    assert seen.value == 0


@pytest.mark.parametrize(
    ("value", "pace"),
    [(50, Pace.GREEN), (49, Pace.AMBER), (40, Pace.AMBER), (39, Pace.RED), (0, Pace.RED)],
)
def test_pace_compares_the_value_with_the_target_times_the_share_elapsed(value, pace):
    campaign = Campaign(
        starts_on=date(2022, 9, 1), ends_on=date(2022, 9, 30), green_from=1000, amber_from=800
    )
    share = progress.elapsed_share(campaign, date(2022, 9, 15))  # 15 of 30 days

    assert share == progress.Decimal("0.5")
    assert progress.pace_of(value, 100, share, campaign) == pace


def test_before_the_campaign_nothing_is_expected_and_everything_is_on_pace():
    campaign = Campaign(starts_on=date(2022, 9, 1), ends_on=date(2022, 9, 30))
    share = progress.elapsed_share(campaign, date(2022, 8, 1))

    assert share == 0
    assert progress.pace_of(0, 100, share, campaign) == Pace.GREEN


def test_thresholds_are_data_on_the_campaign():
    strict = Campaign(
        starts_on=date(2022, 9, 1), ends_on=date(2022, 9, 30), green_from=1200, amber_from=1000
    )
    share = progress.elapsed_share(strict, date(2022, 9, 30))

    assert progress.pace_of(100, 100, share, strict) == Pace.AMBER
    assert progress.pace_of(120, 100, share, strict) == Pace.GREEN


def test_a_milestone_due_and_not_reached_is_missed(counties):
    tuanfeng, _ = counties
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    unit = make_unit(make_action(campaign), division=tuanfeng)
    indicator = make_indicator(
        unit,
        figure="talents.registered",
        target=4,
        milestones=[(date(2022, 9, 5), 2), (date(2022, 9, 25), 4)],
    )
    register(tuanfeng, date(2022, 9, 2))

    before = progress.indicator_progress(indicator, date(2022, 9, 4), city_reader())
    after = progress.indicator_progress(indicator, date(2022, 9, 6), city_reader())

    assert before.missed == []
    assert [m.due_on for m in after.missed] == [date(2022, 9, 5)]
    assert after.behind


def test_a_status_set_by_hand_wins_and_says_so(counties):
    tuanfeng, _ = counties
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    indicator = make_indicator(
        make_unit(make_action(campaign), division=tuanfeng),
        figure="talents.registered",
        target=1,
        manual_pace=Pace.AMBER,
        manual_reason="数据延迟",
    )
    register(tuanfeng, date(2022, 9, 2), 3)

    shown = progress.indicator_progress(indicator, date(2022, 9, 30), city_reader())

    assert (shown.pace, shown.by_hand) == (Pace.AMBER, True)


def test_a_status_set_by_hand_without_a_reason_is_refused_by_the_database(counties):
    campaign = make_campaign()
    unit = make_unit(make_action(campaign), division=counties[0])

    with pytest.raises(IntegrityError):
        make_indicator(unit, figure="talents.registered", manual_pace=Pace.RED)


def test_a_computed_indicator_must_name_a_figure(counties):
    campaign = make_campaign()
    unit = make_unit(make_action(campaign), division=counties[0])

    with pytest.raises(IntegrityError):
        make_indicator(unit, kind="computed")
