"""The registry's menu entries and home panels: the city's and the counties' talents, and a
talent's own record. Registered in `TalentsConfig.ready()`.

Every figure goes through `Talent.objects.for_actor(actor)`, so a panel never counts a talent
its reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.models import Division
from rencai.core.navigation import register_home_panel, register_nav
from rencai.core.permissions import roles_of

from .choices import CardKind, CardStatus
from .models import Degree, Talent, TalentCard, Tier

RECENT = 10
EXPIRY_WINDOW_DAYS = 60
REGISTRY_ROLES = frozenset({Role.COUNTY_OFFICER, Role.TASK_FORCE, Role.CITY_ADMIN})


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class CountRow:
    """One row of a count table: a label, counts per column, and the row's total."""

    label: str
    counts: list[int]
    total: int


@dataclass
class CountTable:
    columns: list[str]
    rows: list[CountRow]
    totals: list[int] = field(default_factory=list)
    total: int = 0


def talents_by_county_and_tier(actor) -> CountTable:
    """Visible talents per county (rows) and tier (columns, plus "no tier")."""
    tiers = list(Tier.objects.values_list("pk", "name"))
    tier_ids: list[int | None] = [pk for pk, _ in tiers] + [None]
    cells = (
        Talent.objects.for_actor(actor)
        .values("county_id", "tier_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grid: dict[int, dict[int | None, int]] = {}
    for cell in cells:
        grid.setdefault(cell["county_id"], {})[cell["tier_id"]] = cell["n"]
    rows = []
    for county in Division.objects.filter(pk__in=grid).order_by("code"):
        counts = [grid[county.pk].get(t, 0) for t in tier_ids]
        rows.append(CountRow(county.name, counts, sum(counts)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(tier_ids))]
    return CountTable([name for _, name in tiers] + ["—"], rows, totals, sum(totals))


def _breakdown(queryset: QuerySet, fk: str, catalogue) -> list[tuple[str, int]]:
    counts = dict(queryset.values_list(fk).annotate(n=Count("pk")).order_by().values_list(fk, "n"))
    rows = [(entry.name, counts.get(entry.pk, 0)) for entry in catalogue.objects.all()]
    rows.append(("—", counts.get(None, 0)))
    return rows


def green_cards_issued_in_year(actor, year: int) -> dict[str, int]:
    """Green cards recorded this calendar year for visible talents: new ones and renewals."""
    counts = TalentCard.objects.filter(
        talent__in=Talent.objects.for_actor(actor),
        kind=CardKind.GREEN_CARD,
        issued_at__gte=_start_of(date(year, 1, 1)),
        issued_at__lt=_start_of(date(year + 1, 1, 1)),
    ).aggregate(
        new=Count("pk", filter=Q(renewed_from__isnull=True)),
        renewed=Count("pk", filter=Q(renewed_from__isnull=False)),
    )
    return {"new": counts["new"], "renewed": counts["renewed"]}


def recent_registrations(actor, *, county: Division | None = None) -> list[Talent]:
    talents = Talent.objects.for_actor(actor).with_related()
    if county is not None:
        talents = talents.filter(county=county)
    return list(talents.order_by("-created_at", "-pk")[:RECENT])


@dataclass
class CountyOverview:
    county: Division
    talent_count: int
    by_tier: list[tuple[str, int]]
    by_degree: list[tuple[str, int]]
    recent: list[Talent]
    expiring_cards: list[TalentCard]


def county_overviews(actor, *, today: date) -> list[CountyOverview]:
    """For each county the actor is a county officer of: counts, recent talents, cards ending."""
    county_ids = roles_of(actor).division_ids(Role.COUNTY_OFFICER)
    overviews = []
    for county in Division.objects.filter(pk__in=county_ids).order_by("code"):
        talents = Talent.objects.for_actor(actor).filter(county=county)
        expiring = (
            TalentCard.objects.filter(
                talent__in=talents,
                status=CardStatus.ACTIVE,
                valid_to__gte=today,
                valid_to__lte=today + timedelta(days=EXPIRY_WINDOW_DAYS),
            )
            .select_related("talent")
            .order_by("valid_to", "pk")
        )
        overviews.append(
            CountyOverview(
                county=county,
                talent_count=talents.count(),
                by_tier=_breakdown(talents, "tier_id", Tier),
                by_degree=_breakdown(talents, "degree_id", Degree),
                recent=recent_registrations(actor, county=county),
                expiring_cards=list(expiring[:50]),
            )
        )
    return overviews


@dataclass
class OwnRecord:
    talent: Talent
    cards: list[TalentCard]
    family: list


def own_record(actor, *, today: date) -> OwnRecord | None:
    """The talent record linked to `actor`'s account, with cards and family, or None.

    Each card gets `valid_today` (active and today within its dates).
    """
    talent = (
        Talent.objects.for_actor(actor)
        .with_related()
        .filter(user_id=actor.pk)
        .prefetch_related("tags")
        .first()
    )
    if talent is None:
        return None
    cards = list(
        talent.cards.exclude(status=CardStatus.SUPERSEDED).order_by("kind", "-valid_to", "-pk")
    )
    for card in cards:
        card.valid_today = card.is_valid_on(today)
    return OwnRecord(talent, cards, list(talent.family.all()))


# --- the panels -----------------------------------------------------------------------------


def task_force_panel(actor, today: date) -> dict:
    return {
        "by_county": talents_by_county_and_tier(actor),
        "cards": green_cards_issued_in_year(actor, today.year),
        "recent": recent_registrations(actor),
    }


def county_panel(actor, today: date) -> dict:
    return {"counties": county_overviews(actor, today=today)}


def talent_panel(actor, today: date) -> dict:
    return {"own": own_record(actor, today=today)}


def masked_card_number(number: str) -> str:
    """A card number as the talent's phone shows it: its prefix and last 4 characters,
    e.g. HG-2026-000123 → HG-****-**0123 (the public check shows the same)."""
    keep = 4
    head = 2
    if len(number) <= keep + head:
        return number
    middle = "".join("*" if ch.isalnum() else ch for ch in number[head:-keep])
    return number[:head] + middle + number[-keep:]


def card_panel(actor, today: date) -> dict | None:
    """The talent's cards (not those a renewal replaced): kind, number masked, valid to, and
    for an active card the QR of its check page."""
    cards = list(
        TalentCard.objects.filter(talent__user_id=actor.pk)
        .exclude(status=CardStatus.SUPERSEDED)
        .order_by("status", "kind", "-valid_to", "-pk")
    )
    for card in cards:
        card.masked_number = masked_card_number(card.number)
        card.valid_today = card.is_valid_on(today)
    return {"cards": cards} if cards else None


def register() -> None:
    register_nav(
        "talents.list", url_name="talents:list", label=_("Talents"), roles=REGISTRY_ROLES, order=100
    )
    # A clerk finds and registers at the window (the desk's 窗口): one way in, not three.
    register_nav(
        "talents.create",
        url_name="talents:create",
        label=_("Register a talent"),
        roles={Role.COUNTY_OFFICER, Role.TASK_FORCE},
        order=130,
    )
    register_nav(
        "talents.import",
        url_name="talents:import",
        label=_("Import"),
        roles={Role.COUNTY_OFFICER, Role.TASK_FORCE},
        order=140,
    )
    # The talent's own one-person file (我的档案), under "Me" on the phone.
    register_nav(
        "talents.my_file",
        url_name="talents:my-file",
        label=_("My file"),
        roles={Role.TALENT},
        order=420,
    )
    register_home_panel(
        "talents.city",
        template="talents/home/task_force.html",
        roles={Role.TASK_FORCE},
        build=task_force_panel,
        order=200,
    )
    register_home_panel(
        "talents.counties",
        template="talents/home/county_officer.html",
        roles={Role.COUNTY_OFFICER},
        build=county_panel,
        order=210,
    )
    register_home_panel(
        "talents.card",
        template="talents/home/card.html",
        roles={Role.TALENT},
        build=card_panel,
        order=615,
    )
    register_home_panel(
        "talents.own",
        template="talents/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=710,
    )
