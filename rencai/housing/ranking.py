"""The waiting list's order: keys taken in turn, as data.

A scheme names its keys and their order (`[{"key": "tier", "order": "asc"}, …]`); this module
knows what each key means — how its input is read from a talent and an application, and how
it compares. The inputs are stored on the application with the date each was recorded, and a
round's order is frozen from those stored inputs, so a place can always be explained and
recomputed. Ties left by every key go to the earlier application (its number).

    tier             the talent's tier by rank (A before B …); no tier comes last
    works_in_county  working for an employer in the application's county comes first
    family_size      the household's size (larger first, in the demo)
    applied_on       the application date (earlier first)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ASC, DESC = "asc", "desc"


@dataclass(frozen=True)
class RankingKey:
    code: str
    label: Any
    read: Callable[[Any], tuple[Any, str]]  # application → (value, shown as)
    number: Callable[[Any], int | None]  # stored value → a comparable integer


def _tier(application) -> tuple[Any, str]:
    tier = application.talent.tier
    return (tier.rank, f"{tier.code} {tier.name}") if tier else (None, _("no tier"))


def _works_in_county(application) -> tuple[Any, str]:
    employer = application.talent.employer
    works = bool(employer and employer.division_id == application.county_id)
    return works, _("yes") if works else _("no")


def _family_size(application) -> tuple[Any, str]:
    return application.household_size, str(application.household_size)


def _applied_on(application) -> tuple[Any, str]:
    return application.applied_on.isoformat(), application.applied_on.isoformat()


def _as_int(value) -> int | None:
    return None if value is None else int(value)


def _date_number(value) -> int | None:
    return None if value is None else date.fromisoformat(value).toordinal()


KEYS: dict[str, RankingKey] = {
    k.code: k
    for k in (
        RankingKey("tier", gettext_lazy("Talent tier"), _tier, _as_int),
        RankingKey(
            "works_in_county", gettext_lazy("Works in the county"), _works_in_county, _as_int
        ),
        RankingKey("family_size", gettext_lazy("Household size"), _family_size, _as_int),
        RankingKey("applied_on", gettext_lazy("Application date"), _applied_on, _date_number),
    )
}


def key_errors(keys: Any) -> list[str]:
    """What is wrong with a scheme's keys (empty: nothing)."""
    if not isinstance(keys, list) or not keys:
        return [_("Give the ranking keys as a non-empty list.")]
    errors, seen = [], set()
    for item in keys:
        if not isinstance(item, dict) or item.get("key") not in KEYS:
            errors.append(_("Unknown ranking key: %(key)s") % {"key": item})
        elif item.get("order") not in (ASC, DESC):
            errors.append(_("A key's order is asc or desc: %(key)s") % {"key": item["key"]})
        elif item["key"] in seen:
            errors.append(_("A key is named twice: %(key)s") % {"key": item["key"]})
        else:
            seen.add(item["key"])
    return errors


def room_table_errors(table: Any) -> list[str]:
    if not isinstance(table, dict) or not table:
        return [_("Give the room table as household size → rooms.")]
    try:
        pairs = [(int(k), int(v)) for k, v in table.items()]
    except (TypeError, ValueError):
        return [_("Household sizes and rooms are whole numbers.")]
    if any(size < 1 or rooms < 1 for size, rooms in pairs) or 1 not in dict(pairs):
        return [_("The table starts at a household of 1, with at least one room each.")]
    return []


def rooms_needed(table: dict[str, int], household_size: int) -> int:
    """The rooms a household needs: the row of the largest size not above it."""
    rows = sorted((int(k), int(v)) for k, v in table.items())
    needed = rows[0][1]
    for size, rooms in rows:
        if size <= household_size:
            needed = rooms
    return needed


def read_inputs(application, on: date) -> dict[str, dict[str, Any]]:
    """Every key's input for the application, recorded on `on` (all keys, whatever the
    scheme, so that a later scheme can rank on what was stored)."""
    inputs = {}
    for code, key in KEYS.items():
        value, shown = key.read(application)
        inputs[code] = {"value": value, "shown": shown, "recorded_on": on.isoformat()}
    return inputs


def sort_key(keys: list[dict[str, str]], inputs: dict[str, Any], pk: int) -> tuple:
    """The comparable tuple for one application: per key, missing last, then its number
    (negated for descending); the application number breaks the last tie."""
    parts: list[Any] = []
    for item in keys:
        stored = inputs.get(item["key"], {})
        number = KEYS[item["key"]].number(stored.get("value"))
        if number is None:
            parts.append((1, 0))
        else:
            parts.append((0, number if item["order"] == ASC else -number))
    parts.append((0, pk))
    return tuple(parts)


def order(keys: list[dict[str, str]], rows: Iterable[tuple[int, dict[str, Any]]]) -> list[int]:
    """Application ids in waiting-list order, from (id, stored inputs) pairs."""
    return [pk for pk, inputs in sorted(rows, key=lambda row: sort_key(keys, row[1], row[0]))]


@dataclass(frozen=True)
class Reason:
    label: str
    mine: str
    theirs: str


def why_after(keys: list[dict[str, str]], mine: dict, above: dict) -> Reason | None:
    """The first key on which the application above came first (None: the application
    number decided, i.e. the one above applied earlier or with the same inputs)."""
    for item in keys:
        code = item["key"]
        a, b = mine.get(code, {}), above.get(code, {})
        if KEYS[code].number(a.get("value")) != KEYS[code].number(b.get("value")):
            return Reason(str(KEYS[code].label), a.get("shown", "—"), b.get("shown", "—"))
    return None


def describe(keys: list[dict[str, str]]) -> list[str]:
    """The keys in words, in turn, for pages and published results."""
    words = {ASC: _("ascending"), DESC: _("descending")}
    return [f"{KEYS[k['key']].label} ({words[k['order']]})" for k in keys]
