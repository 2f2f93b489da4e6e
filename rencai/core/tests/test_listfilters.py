"""The line that says a drill-down list's filters, and the drill-down URL of a stock and of a
figure that fixes its list's parameters (issue 15)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Q
from django.http import QueryDict
from django.utils import translation

from rencai.core.figures import Figure, Kind, Measure, Period, Unit, drilldown_url
from rencai.core.listfilters import active_filters, export_query, format_period

pytestmark = pytest.mark.portable

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _figure(measure: str, **extra) -> Figure:
    return Figure(
        name="test.figure",
        label="a figure",
        unit=Unit.ITEMS,
        kind=extra.pop("kind", Kind.COUNT),
        measure=measure,
        records=lambda actor: None,  # type: ignore[arg-type,return-value]
        date_field="created_at",
        drilldown="talents:list",
        **extra,
    )


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_whole_month_reads_as_the_month_and_other_periods_as_their_days():
    with translation.override("zh-hans"):
        assert format_period(date(2022, 9, 1), date(2022, 9, 30)) == "2022年9月"
        assert format_period(date(2022, 9, 1), date(2022, 9, 15)) == "2022年9月1日 – 2022年9月15日"
        assert (
            format_period(date(2022, 9, 1), date(2022, 10, 31)) == "2022年9月1日 – 2022年10月31日"
        )
        assert format_period(None, None) == ""


def test_the_filters_line_says_when_where_and_as_of_which_day_leaving_out_the_empty_ones():
    with translation.override("zh-hans"):
        phrases = active_filters(
            start=date(2022, 9, 1), end=date(2022, 9, 30), county="武穴市", as_of=date(2022, 9, 30)
        )
        assert " · ".join(phrases) == "2022年9月 · 武穴市 · 截至 2022年9月30日"
        assert active_filters(county=None, others=["", None, "已办结"]) == ["已办结"]


def test_a_stocks_drill_down_carries_the_day_it_stands_on_and_no_period():
    figure = _figure(Measure.STOCK, drilldown_params={"county": "county", "as_of": "as_of"})
    assert _query(drilldown_url(figure, county=7, period=SEPTEMBER)) == {
        "county": ["7"],
        "as_of": ["2022-09-30"],
    }
    as_of = _query(drilldown_url(figure, period=SEPTEMBER, as_of=date(2022, 9, 6)))
    assert as_of == {"as_of": ["2022-09-06"]}


def test_a_flows_drill_down_carries_the_period_and_the_parameters_the_figure_fixes():
    figure = _figure(
        Measure.FLOW,
        kind=Kind.RATIO,
        numerator=Q(pk=1),
        drilldown_params={"county": "county", "from": "date_from", "to": "date_to"},
        drilldown_fixed={"status": "ended"},
    )
    assert _query(drilldown_url(figure, county=7, period=SEPTEMBER)) == {
        "status": ["ended"],
        "county": ["7"],
        "date_from": ["2022-09-01"],
        "date_to": ["2022-09-30"],
    }


def test_the_export_link_keeps_the_filters_and_drops_the_page():
    query = export_query(QueryDict("county=7&issued_from=2022-09-01&page=3&format=html"))

    assert parse_qs(query) == {
        "county": ["7"],
        "issued_from": ["2022-09-01"],
        "format": ["xlsx"],
    }
