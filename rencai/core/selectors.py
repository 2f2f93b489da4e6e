"""Reads for the core pages: the home page's figures per role, and the audit log.

Every query about people goes through `Talent.objects.for_actor(actor)`, so a figure can never
count a talent the actor may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import Degree, Talent, TalentCard, Tier

from . import calendar
from .choices import OrganisationKind, Role
from .models import AuditEvent, Division, Organisation, User
from .permissions import roles_of

RECENT = 10
EXPIRY_WINDOW_DAYS = 60


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- city administrator -------------------------------------------------------------------


@dataclass
class AdminOverview:
    active_users: int
    inactive_users: int
    organisations_by_kind: list[tuple[str, int]]
    recent_events: list[AuditEvent]
    calendar_years_missing: list[int] = field(default_factory=list)


def admin_overview() -> AdminOverview:
    """Users, organisations by kind, the latest audit events (city administrators only)."""
    users = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
    )
    counts = dict(
        Organisation.objects.filter(is_active=True)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    by_kind = [(kind.label, counts.get(kind.value, 0)) for kind in OrganisationKind]
    events = list(AuditEvent.objects.select_related("actor")[:RECENT])
    return AdminOverview(
        users["active"], users["inactive"], by_kind, events, calendar.years_missing()
    )


# --- talent figures (task force, county officers) ------------------------------------------


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


def _tier_columns() -> tuple[list[int | None], list[str]]:
    tiers = list(Tier.objects.values_list("pk", "name"))
    return [pk for pk, _ in tiers] + [None], [name for _, name in tiers]


def talents_by_county_and_tier(actor) -> CountTable:
    """Visible talents per county (rows) and tier (columns, plus "no tier")."""
    tier_ids, tier_names = _tier_columns()
    cells = (
        Talent.objects.for_actor(actor)
        .values("county_id", "tier_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grid: dict[int, dict[int | None, int]] = {}
    for cell in cells:
        grid.setdefault(cell["county_id"], {})[cell["tier_id"]] = cell["n"]
    counties = Division.objects.filter(pk__in=grid).order_by("code")
    rows = []
    for county in counties:
        counts = [grid[county.pk].get(t, 0) for t in tier_ids]
        rows.append(CountRow(county.name, counts, sum(counts)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(tier_ids))]
    return CountTable(tier_names + ["—"], rows, totals, sum(totals))


def _breakdown(queryset: QuerySet, fk: str, catalogue) -> list[tuple[str, int]]:
    counts = dict(queryset.values_list(fk).annotate(n=Count("pk")).order_by().values_list(fk, "n"))
    rows = [(entry.name, counts.get(entry.pk, 0)) for entry in catalogue.objects.all()]
    rows.append(("—", counts.get(None, 0)))
    return rows


def green_cards_issued_in_year(actor, year: int) -> dict[str, int]:
    """Green cards recorded this calendar year for visible talents: new ones and renewals."""
    start = _start_of(date(year, 1, 1))
    end = _start_of(date(year + 1, 1, 1))
    counts = TalentCard.objects.filter(
        talent__in=Talent.objects.for_actor(actor),
        kind=CardKind.GREEN_CARD,
        issued_at__gte=start,
        issued_at__lt=end,
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


def county_overviews(actor, *, today: date | None = None) -> list[CountyOverview]:
    """For each county the actor is a county officer of: counts, recent talents, cards ending."""
    today = today or timezone.localdate()
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


# --- organisation roles ---------------------------------------------------------------------


ORGANISATION_HOME_ROLES = (
    Role.WINDOW_CLERK,
    Role.DEPARTMENT_OFFICER,
    Role.HOSPITAL_LIAISON,
    Role.BANK_OFFICER,
    Role.SCHOOL_CONTACT,
)


def organisations_of(actor, role: str) -> list[Organisation]:
    """The organisations in which `actor` holds `role` (their scope), with their division."""
    ids = roles_of(actor).organisation_ids(role)
    return list(Organisation.objects.filter(pk__in=ids).select_related("division", "parent"))


# --- the talent themself --------------------------------------------------------------------


@dataclass
class OwnRecord:
    talent: Talent
    cards: list[TalentCard]
    family: list


def own_record(actor, *, today: date | None = None) -> OwnRecord | None:
    """The talent record linked to `actor`'s account, with cards and family, or None.

    Each card gets `valid_today` (active and today within its dates).
    """
    today = today or timezone.localdate()
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


# --- audit log ------------------------------------------------------------------------------


def audit_events(
    *,
    actor_username: str = "",
    action: str = "",
    target_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
) -> QuerySet[AuditEvent]:
    """Audit events matching the filters, newest first (callers check who may browse)."""
    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if actor_username:
        events = events.filter(actor__username__icontains=actor_username)
    if action:
        events = events.filter(action=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if date_from:
        events = events.filter(created_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    if text:
        events = events.filter(target_repr__icontains=text)
    return events


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_target_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(target_type="")
        .order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
    )
