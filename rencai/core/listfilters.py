"""The filters a figure's drill-down puts on a list, said in a line above it (issue 15):
"2022年9月 · 武穴市 · 截至 2022年9月30日", with a link that clears them.

A list passes the filters it applied; each is left out when empty.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from django.utils.translation import get_language, gettext

from .text import format_date


def format_month(day: date) -> str:
    """2022年9月 in Chinese, Sep 2022 in English."""
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月"
    return f"{day:%b} {day.year}"


def format_period(start: date | None, end: date | None) -> str:
    """A whole month as the month (2022年9月); otherwise its days (from, to or both)."""
    if start and end and start.day == 1 and (start.year, start.month) == (end.year, end.month):
        last = calendar.monthrange(end.year, end.month)[1]
        if end.day == last:
            return format_month(start)
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return gettext("from %(day)s") % {"day": format_date(start)}
    if end:
        return gettext("until %(day)s") % {"day": format_date(end)}
    return ""


def active_filters(
    *,
    start: date | None = None,
    end: date | None = None,
    county: object | None = None,
    as_of: date | None = None,
    others: Iterable[object] = (),
) -> list[str]:
    """The applied filters as short phrases, in the order a reader asks: when, where, what."""
    phrases = [format_period(start, end), str(county) if county else ""]
    if as_of:
        phrases.append(gettext("as of %(day)s") % {"day": format_date(as_of)})
    phrases.extend(str(other) for other in others if other)
    return [phrase for phrase in phrases if phrase]


def without_page(params):
    """A copy of the list's query without its page: the filters alone."""
    query = params.copy()
    query.pop("page", None)
    return query


def export_query(params) -> str:
    """The list's filters for its "export to Excel" link: the query without the page."""
    query = without_page(params)
    query["format"] = "xlsx"  # replaces any format given
    return query.urlencode()
