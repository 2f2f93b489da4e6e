"""The registry's figures: talents registered, in the registry on a day, cards issued.
Registered in `TalentsConfig.ready()`; read through `rencai.core.figures`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.figures import COUNTY, Figure, Kind, Measure, Unit, register_figure

from . import selectors, stocks
from .choices import MoveKind, StockDimension
from .models import Talent, TalentCard
from .visibility import visible_counties

ON_THE_LIST = {"county": "county"}
# the registrations within the period: the list filters by the day registered
REGISTERED = {**ON_THE_LIST, "from": "registered_from", "to": "registered_to"}


def visible_talents(actor):
    return Talent.objects.for_actor(actor)


def departures(actor):
    """The departures from the city the actor may list (the moves list's scope)."""
    return selectors.moves_for_actor(actor).select_related(None).filter(kind=MoveKind.DEPARTURE)


# a breakdown of `talents.in_registry` → (the stock table's dimension, grouped by)
STOCK_BREAKDOWNS = {
    None: (StockDimension.TOTAL, "value"),
    COUNTY: (StockDimension.TOTAL, "county"),
    "tier": (StockDimension.TIER, "value"),
    "degree": (StockDimension.DEGREE, "value"),
    "tag": (StockDimension.TAG, "value"),
    "arrival_year": (StockDimension.ARRIVAL_YEAR, "value"),
}


def registry_stock(actor, day, counties, breakdown) -> dict | None:
    """`talents.in_registry` from the pre-aggregated stocks (`talents.stocks`), where that is
    exactly what counting the actor's visible talents would give: the actor sees every talent,
    or every talent of some counties; on PostgreSQL (SQLite counts live); for a breakdown the
    table keeps (not by month of registration). None: count live."""
    if breakdown not in STOCK_BREAKDOWNS or not stocks.answers_on(stocks.reads_from()):
        return None
    exact, visible = visible_counties(actor)
    if not exact:
        return None
    if visible is not None:
        counties = visible if counties is None else visible & counties
    dimension, by = STOCK_BREAKDOWNS[breakdown]
    counts = stocks.standing(dimension, day, counties, by=by)
    return {None: counts.get(None, 0)} if breakdown is None else counts


def visible_cards(actor):
    return TalentCard.objects.filter(talent__in=Talent.objects.for_actor(actor).values("pk"))


def register() -> None:
    register_figure(
        Figure(
            name="talents.registered",
            label=_("Talents registered"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_talents,
            date_field="created_at",
            county_field="county",
            breakdowns={"tier": "tier", "degree": "degree"},
            drilldown="talents:list",
            drilldown_params=REGISTERED,
            description=_("Talents entered in the registry within the period."),
        ),
        order=10,
    )
    register_figure(
        Figure(
            name="talents.in_registry",
            label=_("Talents in the registry"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            measure=Measure.STOCK,
            records=visible_talents,
            date_field="created_at",
            until_field="departed_on",
            county_field="county",
            # a talent counts once under each of their tags (tags are many-to-many), and by
            # the year they arrived in the city
            breakdowns={
                "tier": "tier",
                "degree": "degree",
                "tag": "tags",
                "arrival_year": "arrival_date__year",
            },
            drilldown="talents:list",
            drilldown_params={**ON_THE_LIST, "as_of": "as_of"},
            description=_(
                "Talents registered on or before the day who had not left the city by then."
            ),
            fast_stock=registry_stock,
        ),
        order=11,
    )
    register_figure(
        Figure(
            name="talents.cards_issued",
            label=_("Cards issued"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_cards,
            date_field="issued_at",
            breakdowns={"kind": "kind"},
            drilldown="talents:card-list",
            drilldown_params={
                **ON_THE_LIST,
                "from": "issued_from",
                "to": "issued_to",
                "kind": "kind",
            },
            description=_("Cards issued, renewed or recorded within the period (each record)."),
        ),
        order=20,
    )
    register_figure(
        Figure(
            name="talents.retention_departures",
            label=_("Departures from the city"),
            unit=Unit.PEOPLE,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=departures,
            date_field="moved_on",
            county_field="from_county",
            attribution=_("the county the talent left from"),
            breakdowns={"reason": "reason"},
            drilldown="talents:move-list",
            drilldown_params={
                "county": "county",
                "from": "moved_from",
                "to": "moved_to",
                "reason": "reason",
            },
            drilldown_fixed={"kind": MoveKind.DEPARTURE.value},
            description=_(
                "Departures from the city recorded within the period (a talent who left, came "
                "back and left again counts each time), by the county they left."
            ),
        ),
        order=21,
    )
