"""Timeline entries (一人一档): what happened to one talent, across every app.

Each app registers a provider from its `AppConfig.ready()`:

    register_timeline("desk.cases", cases_timeline, kinds={"case": _("Cases")})

A provider receives the viewer and the talent and returns the entries *that viewer may see*
— an app that the viewer reaches no record of returns nothing — each dated, with a title, an
optional detail and a link to its record where the viewer may open it. The one-person file
merges them, newest first, optionally keeping only some kinds. The caller has already
checked that the viewer may see the talent at all.

Entries at the same moment sort by kind, then by their `order` (the record's id, then the
step of the record: opened before decided), newest first like the time: a total order, so a
page cut by offset neither loses nor repeats an entry at its boundary.

A page need not build the whole file: `timeline_for(..., limit=n)` asks each provider
registered with `limits=True` for at most its n first entries of each kind, in that order (in
SQL: ORDER BY the entry's time DESC, id DESC LIMIT n, for each kind of record the provider
reads), and cuts the merge to n. A provider that cannot limit returns everything; the merge
still cuts.

A provider may name the tables it reads (`records`: each a model and the lookup from it to
the talent, e.g. `("housing.Offer", "application__talent")`). The file asks, in one query,
which of them hold a row of the talent at all (whoever looks: no scope, so a provider is
skipped only when it could find nothing for anybody) and asks only the providers that can
have entries: most talents have records in a few apps, and each provider asked costs its
queries. That query's SQL is compiled once per process and database (`_records_sql`). A
provider without `records` is always asked.

A provider reads only the columns its entries show (`values()`, no model instances, no
default ordering: the merge sorts), reverses its link's URL once (`record_link`) and reads a
choice's label from one mapping (`choice_label`), not once per entry: the file is built on
every page view (issue 15).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache

from django.apps import apps
from django.db import connections, router
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise

from .registry import Registry


@dataclass(frozen=True)
class Entry:
    when: datetime
    kind: str
    title: str
    detail: str = ""
    link: str = ""
    # Ties in time and kind: the record's id, then its step (see the module's docstring).
    order: tuple[int, ...] = ()

    def sort_key(self) -> tuple:
        """Newest first once sorted in reverse: time, then kind, then `order`."""
        return (self.when, self.kind, self.order)


@dataclass(frozen=True)
class TimelineProvider:
    entries: Callable[..., Iterable[Entry]]
    kinds: Mapping[str, Promise | str] = field(default_factory=dict)
    # True when `entries` takes `limit=n` and returns at most n entries of each of its kinds:
    # the kind's n first (newest first, ties by `Entry.order`), or all when it has fewer
    # (`first_of_each_kind` cuts). Of each kind, so that the file filtered to one kind of a
    # provider still finds that kind's n newest.
    limits: bool = False
    # The tables the provider reads, as (model label, lookup to the talent): when none holds
    # a row of the talent, the provider is not asked (see the module's docstring).
    records: tuple[tuple[str, str], ...] = ()


providers: Registry[TimelineProvider] = Registry("timeline provider")


def register_timeline(
    name: str,
    entries: Callable[..., Iterable[Entry]],
    *,
    kinds: Mapping[str, Promise | str],
    order: int = 100,
    limits: bool = False,
    records: Sequence[tuple[str, str]] = (),
) -> None:
    provider = TimelineProvider(entries, dict(kinds), limits, tuple(records))
    providers.register(name, provider, order=order)


def kinds() -> dict[str, str]:
    """Every kind of entry the apps declare, with its label: the file's filter."""
    return {code: str(label) for p in providers for code, label in p.kinds.items()}


def moment(value: date | datetime) -> datetime:
    """A date entry sorts at the start of its day; a datetime as it is."""
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


# A record id no table reaches: the placeholder `record_link` reverses once.
_PLACEHOLDER = 987654321012345


def record_link(name: str) -> Callable[[int], str]:
    """The URL of the record `pk` under the URL pattern `name` (one integer argument): the
    pattern is reversed once, each entry's link put together from its two halves."""
    before, marker, after = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    if not marker or str(_PLACEHOLDER) in after:  # not a plain path segment: reverse each
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{before}{pk}{after}"


def choice_label(model: type[Model], field: str) -> Callable[[object], str]:
    """A choice field's label from its value, as `get_<field>_display()` gives it on an
    instance (the value itself when it is not a choice), for rows read with `values()`."""
    labels = dict(model._meta.get_field(field).flatchoices)
    return lambda value: force_str(labels.get(value, value), strings_only=True)


def first_of_each_kind(entries: Iterable[Entry], limit: int | None) -> list[Entry]:
    """A limiting provider's last step: its entries in the file's order (newest first, ties
    by kind and `order`), at most `limit` of each kind (all of them without a limit)."""
    ordered = sorted(entries, key=Entry.sort_key, reverse=True)
    if limit is None:
        return ordered
    taken: Counter[str] = Counter()
    kept = []
    for entry in ordered:
        if taken[entry.kind] < limit:
            taken[entry.kind] += 1
            kept.append(entry)
    return kept


# A talent id no table holds: the value `_records_sql` compiles its placeholder from.
_TALENT = -987654321


@cache
def _records_sql(alias: str, records: tuple[tuple[str, str], ...]) -> str:
    """`SELECT EXISTS(…), …`: for each (model, lookup), whether the model has a row whose
    lookup is the talent (one parameter each: the talent's id), compiled once by the ORM."""
    checks = []
    for label, lookup in records:
        query = (
            apps.get_model(label)
            ._base_manager.filter(**{lookup: _TALENT})
            .order_by()
            .values("pk")[:1]
            .query
        )
        sql, params = query.get_compiler(alias).as_sql()
        if list(params) != [_TALENT]:
            raise ValueError(f"timeline records {label} {lookup}: one parameter, the talent")
        checks.append(f"EXISTS({sql})")
    return "SELECT " + ", ".join(checks)


def _with_records(talent, asked: list[TimelineProvider]) -> list[TimelineProvider]:
    """The providers that may have entries of the talent: those without `records`, and
    those with a row in one of theirs (one query for all of them)."""
    records = tuple(dict.fromkeys(r for p in asked for r in p.records))
    if not records:
        return asked
    alias = router.db_for_read(type(talent), instance=talent)
    with connections[alias].cursor() as cursor:
        cursor.execute(_records_sql(alias, records), [talent.pk] * len(records))
        found = cursor.fetchone()
    held = {r for r, has in zip(records, found, strict=True) if has}
    return [p for p in asked if not p.records or held.intersection(p.records)]


def timeline_for(
    viewer, talent, *, only: Collection[str] | None = None, limit: int | None = None
) -> list[Entry]:
    """The talent's entries that `viewer` may see, newest first; at most `limit` of them.

    With a limit, a provider registered with `limits=True` is asked for its `limit` first
    entries of each kind; the others return everything and the merge cuts. Page k of size s
    is `timeline_for(..., limit=k * s + 1)[(k - 1) * s : k * s]` (the one more: a next page).
    """
    asked = [p for p in providers if only is None or set(p.kinds) & set(only)]
    entries: list[Entry] = []
    for provider in _with_records(talent, asked):
        found = (
            provider.entries(viewer, talent, limit=limit)
            if limit is not None and provider.limits
            else provider.entries(viewer, talent)
        )
        entries.extend(e for e in found if only is None or e.kind in only)
    entries.sort(key=Entry.sort_key, reverse=True)
    return entries if limit is None else entries[:limit]
