"""The live count the registry's stock table stands in for, written out for the tests (never
through the figure or `talents.stocks`), and the check that the two agree."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from rencai.talents import stocks
from rencai.talents.choices import StockDimension
from rencai.talents.models import Talent

LOCAL = ZoneInfo("Asia/Shanghai")
DAYS = [
    date(2021, 12, 31),
    date(2022, 2, 28),  # the day before a registration at 00:30 (the UTC day)
    date(2022, 3, 1),
    date(2022, 6, 15),  # before a departure later in its month
    date(2022, 6, 30),
    date(2022, 9, 1),
    date(2022, 9, 6),
    date(2023, 1, 1),
]
# the dimension's value as the live query groups it
LIVE_KEYS = {
    StockDimension.TOTAL: None,
    StockDimension.TIER: "tier",
    StockDimension.DEGREE: "degree",
    StockDimension.TAG: "tags",
    StockDimension.ARRIVAL_YEAR: "arrival_date__year",
}


def live(dimension: str, day: date, counties=None, *, by_county=False) -> dict:
    """The count the table stands in for: talents registered by the end of `day` (local) who
    had not left by then, grouped as the dashboard groups them."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    standing = Talent.objects.filter(created_at__lt=end).filter(
        Q(departed_on__isnull=True) | Q(departed_on__gt=day)
    )
    if counties is not None:
        standing = standing.filter(county_id__in=counties)
    key = "county" if by_county else LIVE_KEYS[dimension]
    if key is None:
        n = standing.count()
        return {None: n} if n else {}
    grouped = standing.values_list(key).annotate(n=Count("pk")).order_by()
    return {k: n for k, n in grouped if n}


def assert_table_is_live(counties_to_try, days=DAYS) -> None:
    for day in days:
        for counties in [None, *counties_to_try]:
            for dimension in StockDimension.values:
                assert stocks.standing(dimension, day, counties) == live(
                    dimension, day, counties
                ), (dimension, day, counties)
            by_county = stocks.standing(StockDimension.TOTAL, day, counties, by="county")
            assert by_county == live(StockDimension.TOTAL, day, counties, by_county=True)
