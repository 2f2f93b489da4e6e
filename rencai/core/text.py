"""Small text helpers shared by pages, documents and messages."""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext


def join_list(items: Iterable[object]) -> str:
    """Join names with the active language's list separator: 、 in Chinese, ", " in English."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def format_date(value: date | datetime | None) -> str:
    """The one date style of each language: 2022年9月6日 in Chinese, 6 Sep 2022 in English.
    An aware datetime is read in Asia/Shanghai (the current time zone) first."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b} {value.year}"


def format_datetime(value: datetime | None, *, seconds: bool = False) -> str:
    """A date and time in the page's style, in Asia/Shanghai: 2022年9月6日 09:00."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return (
        f"{format_date(local)} {local:%H:%M:%S}"
        if seconds
        else f"{format_date(local)} {local:%H:%M}"
    )


def format_duration(ms: float | int | None) -> str:
    """How long something took, as a person says it: "under a second", "3 seconds",
    "2 minutes 5 seconds"."""
    if ms is None:
        return ""
    seconds = round(ms / 1000)
    if seconds < 1:
        return gettext("under a second")
    minutes, seconds = divmod(seconds, 60)
    if not minutes:
        return gettext("%(s)d s") % {"s": seconds}
    return gettext("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
