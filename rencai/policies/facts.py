"""The concrete facts a rule may ask about a talent: one catalogue, in one place.

`rules` knows facts only through `Fact`; here each fact gets its Chinese label (English
source), its getter for one talent and its ORM path (or, for sets, a membership builder: a
`Q` on the talent). Codes of
ranked and coded facts come from the database catalogues (degrees, tiers, titles, counties,
tags, benefits) through a small cache that any change to those tables clears (in this
process at once; in others within a second, `revalidate`), and that is cleared at the start of
every request.

Getters need no queries on a talent loaded with `load_subject(pk, on)` (catalogues joined,
every set fact read in one UNION query) or `load_fact_sets(talents, on)` for many; they also
work on a queryset with `prefetch_facts(...)`. Evaluating one talent against every benefit so
costs two queries, however many benefits there are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from time import monotonic
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import CharField, IntegerField, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import DivisionLevel
from rencai.core.models import Division
from rencai.rules.facts import Fact, FactCatalogue, FactType
from rencai.talents.choices import CardKind, Relation, Sex
from rencai.talents.models import (
    RESERVED_CODE,
    Degree,
    FamilyMember,
    Tag,
    Talent,
    TalentCard,
    Tier,
    Title,
)

from .choices import DEAD_STATES
from .models import Benefit, Entitlement

# --- the code cache -----------------------------------------------------------------------
# Kept per process. Saves of a catalogue table in this process clear it at once (see
# PoliciesConfig.ready), and so does the start of every request; rows changed by another
# process (a task worker, the outreach run, a raw insert) are seen within STAMP_TTL: at most
# once a second a use of the cache reads the catalogues' stamp (one query) and, when it
# differs from the one the cache was checked against, forgets everything.

STAMP_TTL = 1.0
_codes: dict[str, dict[str, int]] = {}
_labels: dict[str, dict[str, str]] = {}
_keys: dict[str, dict[str, int]] = {}  # code → the row's primary key (catalogue tables)
# When the stamp is next to be read, what it was (None: not read since the last clear), and
# how many times the cache has been cleared (callers holding data parsed from it compare it).
_checked: dict[str, Any] = {"until": 0.0, "stamp": None, "generation": 0}


def stamp_window() -> float:
    """How long a process trusts a catalogue stamp it has read (seconds): the code cache here
    and the benefits in force (`pack.benefits_in_force`) share it."""
    return float(getattr(settings, "CATALOGUE_STAMP_TTL", STAMP_TTL))


def clear_code_cache(**_kwargs: Any) -> None:
    """Forget every cached catalogue (connected to saves of the catalogue tables)."""
    _codes.clear()
    _labels.clear()
    _keys.clear()
    _checked["generation"] += 1
    # What is loaded next is fresh; it is checked against the stamp a window from now.
    _checked["stamp"], _checked["until"] = None, monotonic() + stamp_window()


def catalogue_stamp() -> tuple:
    """The cached catalogues' rows as they are now (code, rank, name, key), in one query.

    The catalogues are small (a few hundred rows with the benefits), so the stamp is their
    content: an added, deleted, renamed or re-ranked row changes it, whoever wrote it and
    however (the ORM, bulk_create, raw SQL)."""

    def rows(kind: str, queryset: QuerySet, rank: Any = "rank") -> QuerySet:
        if not isinstance(rank, str):
            rank = Value(rank, output_field=IntegerField())
        return queryset.order_by().values_list(
            Value(kind, output_field=CharField()), "code", rank, "name", "pk"
        )

    parts = [
        rows("degree", Degree.objects.all()),
        rows("tier", Tier.objects.all()),
        rows("title", Title.objects.all()),
        rows("county", Division.objects.filter(level=DivisionLevel.COUNTY), 0),
        rows("tags", Tag.objects.all(), 0),
        rows("entitlements", Benefit.objects.all(), 0),
    ]
    return tuple(sorted(parts[0].union(*parts[1:], all=True)))


def revalidate() -> int:
    """Check the cache against the stamp (at most once a window); its generation after."""
    now = monotonic()  # the settings are read only when the window has passed: a call costs µs
    if now > _checked["until"]:
        stamp = catalogue_stamp()
        if stamp != _checked["stamp"]:
            clear_code_cache()
        _checked["stamp"], _checked["until"] = stamp, now + stamp_window()
    return _checked["generation"]


def _load(name: str) -> None:
    rows = _LOADERS[name]()
    _codes[name] = {code: rank for code, rank, _label, _key in rows}
    _labels[name] = {code: str(label) for code, _rank, label, _key in rows}
    _keys[name] = {code: key for code, _rank, _label, key in rows if key is not None}


def _codes_of(name: str) -> Callable[[], Mapping[str, int]]:
    def codes() -> Mapping[str, int]:
        revalidate()
        if name not in _codes:
            _load(name)
        return _codes[name]

    return codes


def _keys_of(name: str) -> Callable[[], Mapping[str, int]]:
    def keys() -> Mapping[str, int]:
        revalidate()
        if name not in _keys:
            _load(name)
        return _keys[name]

    return keys


def _names_of(name: str) -> Callable[[], Mapping[str, str]]:
    return lambda: code_labels(name)


def code_labels(name: str) -> dict[str, str]:
    """code → display name for a coded, ranked or set fact ({} for other facts)."""
    if name not in _LOADERS:
        return {}
    revalidate()
    if name not in _labels:
        _load(name)
    return _labels[name]


# Each loader gives (code, rank, name, primary key or None) per entry, in one query.
Row = tuple[str, int, str, int | None]


def _ranked(model) -> Callable[[], list[Row]]:
    return lambda: list(model.objects.order_by("rank").values_list("code", "rank", "name", "pk"))


def _counties() -> list[Row]:
    rows = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    values = rows.values_list("code", "name", "pk")
    return [(code, i, name, pk) for i, (code, name, pk) in enumerate(values, 1)]


def _tags() -> list[Row]:
    rows = Tag.objects.order_by("id").values_list("code", "name", "pk")
    return [(code, i, name, pk) for i, (code, name, pk) in enumerate(rows, 1)]


def _benefits() -> list[Row]:
    rows = Benefit.objects.order_by("code").values_list("code", "name", "pk")
    return [(code, i, name, pk) for i, (code, name, pk) in enumerate(rows, 1)]


def _choices(choices) -> Callable[[], list[Row]]:
    return lambda: [(value, i, label, None) for i, (value, label) in enumerate(choices, 1)]


_LOADERS: dict[str, Callable[[], list[Row]]] = {
    "degree": _ranked(Degree),
    "tier": _ranked(Tier),
    "title": _ranked(Title),
    "county": _counties,
    "sex": _choices(Sex.choices),
    "tags": _tags,
    "cards": _choices(CardKind.choices),
    "family": _choices(Relation.choices),
    "entitlements": _benefits,
}

# Saving or deleting any of these clears the cache (see PoliciesConfig.ready).
CACHED_MODELS = (Degree, Tier, Title, Division, Tag, Benefit)


# --- getters ------------------------------------------------------------------------------


def _attr(name: str) -> Callable[[Talent, date], Any]:
    return lambda talent, on: getattr(talent, name)


def _code_of(relation: str) -> Callable[[Talent, date], Any]:
    def getter(talent: Talent, on: date) -> str | None:
        related = getattr(talent, relation)
        return related.code if related is not None else None

    return getter


def _tags_held(talent: Talent, on: date) -> set[str]:
    return {tag.code for tag in talent.tags.all()}


def _cards_valid(talent: Talent, on: date) -> set[str]:
    return {card.kind for card in talent.cards.all() if card.is_valid_on(on)}


def _family(talent: Talent, on: date) -> set[str]:
    return {member.relation for member in talent.family.all()}


def _entitlements_live(talent: Talent, on: date) -> set[str]:
    return {e.benefit.code for e in talent.entitlements.all() if e.state not in DEAD_STATES}


def _set_of(name: str, fallback: Callable[[Talent, date], set[str]]):
    """Read the set from `load_fact_sets` when loaded for this date, else from relations."""

    def getter(talent: Talent, on: date) -> set[str]:
        sets = getattr(talent, "fact_sets", None)
        if sets is not None and getattr(talent, "fact_sets_on", None) == on:
            return sets.get(name, set())
        return fallback(talent, on)

    return getter


# --- Membership builders (each membership test is its own subquery) ----------------------
# Each returns `Q(pk__in=<the set's talents>)`, not a correlated EXISTS: the subquery does not
# depend on the row, so PostgreSQL reads the set once (a hashed subplan, or a semi-join at the
# top of a WHERE) instead of once per talent inside `count(*) FILTER (…)` or under OR/NOT;
# SQLite builds it once into a temporary index. `talent_id` is never NULL, so NOT IN is
# two-valued, as NOT EXISTS was.


def _tag_exists(code: str, on: date) -> Q:
    links = Talent.tags.through.objects.filter(tag__code=code)
    return Q(pk__in=links.values("talent_id"))


def _card_exists(code: str, on: date) -> Q:
    return Q(pk__in=TalentCard.objects.valid_on(on).filter(kind=code).values("talent_id"))


def _family_exists(code: str, on: date) -> Q:
    return Q(pk__in=FamilyMember.objects.filter(relation=code).values("talent_id"))


def _entitlement_exists(code: str, on: date) -> Q:
    return Q(pk__in=Entitlement.objects.live().filter(benefit__code=code).values("talent_id"))


# --- the catalogue ------------------------------------------------------------------------

CATALOGUE = FactCatalogue()
_register = CATALOGUE.register

_register(Fact("birth_date", FactType.DATE, _("birth date"), _attr("birth_date"), "birth_date"))
_register(
    Fact(
        "age",
        FactType.YEARS_SINCE,
        _("age"),
        _attr("birth_date"),
        "birth_date",
        base_fact="birth_date",
        unit=_("years old"),
    )
)
_register(
    Fact(
        "arrival_date",
        FactType.DATE,
        _("date of arrival in the city"),
        _attr("arrival_date"),
        "arrival_date",
    )
)
_register(
    Fact(
        "years_in_city",
        FactType.YEARS_SINCE,
        _("years in the city"),
        _attr("arrival_date"),
        "arrival_date",
        base_fact="arrival_date",
        unit=_("years"),
    )
)
_register(
    Fact(
        "graduation_date",
        FactType.DATE,
        _("graduation date"),
        _attr("graduation_date"),
        "graduation_date",
    )
)
_register(
    Fact(
        "years_since_graduation",
        FactType.YEARS_SINCE,
        _("years since graduation"),
        _attr("graduation_date"),
        "graduation_date",
        base_fact="graduation_date",
        unit=_("years"),
    )
)
# A talent may have no tier and no professional title: that is a value ("none", ranked below
# every entry, so "tier D or higher" is FALSE for them), not a missing fact. A missing degree
# really is unknown.
for _name, _label, _none_label in (
    ("degree", _("degree"), ""),
    ("tier", _("tier"), _("no tier")),
    ("title", _("professional title"), _("no professional title")),
):
    _register(
        Fact(
            _name,
            FactType.RANKED,
            _label,
            _code_of(_name),
            f"{_name}__rank",
            null_field=_name,
            codes=_codes_of(_name),
            names=_names_of(_name),
            none_code=RESERVED_CODE if _none_label else "",
            none_label=_none_label,
            key_field=f"{_name}_id",
            keys=_keys_of(_name),
        )
    )
_register(
    Fact(
        "county",
        FactType.CODE,
        _("county"),
        lambda talent, on: talent.county.code,
        "county__code",
        null_field="county",
        codes=_codes_of("county"),
        names=_names_of("county"),
        key_field="county_id",
        keys=_keys_of("county"),
    )
)
# Sex is stored blank (not NULL) when unknown: both evaluators treat blank as missing.
_register(
    Fact(
        "sex",
        FactType.CODE,
        _("sex"),
        _attr("sex"),
        "sex",
        codes=_codes_of("sex"),
        names=_names_of("sex"),
        blank_is_missing=True,
    )
)
_register(
    Fact(
        "tags",
        FactType.SET,
        _("tag"),
        _set_of("tags", _tags_held),
        codes=_codes_of("tags"),
        names=_names_of("tags"),
        exists=_tag_exists,
    )
)
_register(
    Fact(
        "cards",
        FactType.SET,
        _("valid card"),
        _set_of("cards", _cards_valid),
        codes=_codes_of("cards"),
        names=_names_of("cards"),
        exists=_card_exists,
    )
)
_register(
    Fact(
        "family",
        FactType.SET,
        _("family member"),
        _set_of("family", _family),
        codes=_codes_of("family"),
        names=_names_of("family"),
        exists=_family_exists,
    )
)
_register(
    Fact(
        "entitlements",
        FactType.SET,
        _("holds or has applied for"),
        _set_of("entitlements", _entitlements_live),
        codes=_codes_of("entitlements"),
        names=_names_of("entitlements"),
        exists=_entitlement_exists,
    )
)


def _sets_query(talent_ids: list[int], on: date):
    def kind(name: str) -> Value:
        return Value(name, output_field=CharField())

    tags = Talent.tags.through.objects.filter(talent_id__in=talent_ids).values_list(
        "talent_id", kind("tags"), "tag__code"
    )
    cards = (
        TalentCard.objects.valid_on(on)
        .filter(talent_id__in=talent_ids)
        .values_list("talent_id", kind("cards"), "kind")
    )
    family = FamilyMember.objects.filter(talent_id__in=talent_ids).values_list(
        "talent_id", kind("family"), "relation"
    )
    held = (
        Entitlement.objects.live()
        .filter(talent_id__in=talent_ids)
        .values_list("talent_id", kind("entitlements"), "benefit__code")
    )
    parts = [q.order_by() for q in (tags, cards, family, held)]
    return parts[0].union(*parts[1:], all=True)


# The UNION for one talent (`load_subject`, every pack and eligibility call) is compiled once
# per process and database: compiling its four querysets cost about 2 ms a call. The SQL is
# compiled with stand-ins for the talent and the date, which each call replaces.
_ONE_TALENT, _ONE_DAY = -2_022_090_601, date(1901, 9, 6)
_one_talent_sql: dict[str, tuple[str, tuple[Any, ...], Any]] = {}


def _one_talent_rows(talent_id: int, on: date) -> list[tuple[int, str, str]]:
    vendor = connection.vendor
    if vendor not in _one_talent_sql:
        sql, params = _sets_query([_ONE_TALENT], _ONE_DAY).query.sql_with_params()
        day = connection.ops.adapt_datefield_value(_ONE_DAY)
        if _ONE_TALENT not in params or day not in params:
            raise RuntimeError("the set facts' query no longer names the talent and the date")
        _one_talent_sql[vendor] = (sql, tuple(params), day)
    sql, template, day = _one_talent_sql[vendor]
    params = [
        talent_id
        if type(param) is int and param == _ONE_TALENT
        else connection.ops.adapt_datefield_value(on)
        if type(param) is type(day) and param == day
        else param
        for param in template
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_fact_sets(talents: list[Talent], on: date) -> list[Talent]:
    """Read every set fact (tags, valid cards, family, live entitlements) of `talents` on
    `on` in one query, so the set getters need no more queries for that date."""
    by_id = {talent.pk: talent for talent in talents}
    for talent in talents:
        talent.fact_sets = {}  # type: ignore[attr-defined]
        talent.fact_sets_on = on  # type: ignore[attr-defined]
    if len(by_id) == 1:
        rows = _one_talent_rows(next(iter(by_id)), on)
    else:
        rows = list(_sets_query(sorted(by_id), on)) if by_id else []
    for talent_id, name, code in rows:
        by_id[talent_id].fact_sets.setdefault(name, set()).add(code)
    return talents


def load_subject(pk: int, on: date, talents: QuerySet[Talent] | None = None) -> Talent:
    """One talent ready to evaluate on `on` with every fact: two queries in all. `talents`
    narrows where it is looked for (`Talent.objects.for_actor(actor)`: the visibility check
    in the same query); Talent.DoesNotExist when it is not there."""
    base = Talent.objects.all() if talents is None else talents
    talent = base.select_related("county", "degree", "tier", "title").get(pk=pk)
    return load_fact_sets([talent], on)[0]


def prefetch_facts(talents: QuerySet[Talent]) -> QuerySet[Talent]:
    """Talents with everything the getters read joined or prefetched (5 queries in all)."""
    return talents.select_related("county", "degree", "tier", "title").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.only("id", "code")),
        Prefetch(
            "cards",
            queryset=TalentCard.objects.only(
                "id", "talent_id", "kind", "status", "valid_from", "valid_to"
            ),
        ),
        Prefetch("family", queryset=FamilyMember.objects.only("id", "talent_id", "relation")),
        Prefetch(
            "entitlements",
            queryset=Entitlement.objects.select_related("benefit").only(
                "id", "talent_id", "state", "benefit", "benefit__code"
            ),
        ),
    )
