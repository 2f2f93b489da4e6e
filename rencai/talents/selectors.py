"""Reads of the registry, always scoped to the actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import BigIntegerField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import OrderBy

from rencai.core.errors import NotFound
from rencai.core.pagination import CappedPaginator
from rencai.core.validators import normalise_mobile

from .identity import normalise_id_number
from .models import Talent, TalentCard
from .search import full_pinyin, is_han, planned_as_in_memory, spelling, with_name


def get_talent_for_actor(actor, pk) -> Talent:
    """The talent, if the actor may see it; "not found" alike for missing and forbidden."""
    try:
        return Talent.objects.for_actor(actor).with_related().get(pk=pk)
    except (Talent.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_not_found()) from exc


def talent_of_user(user, queryset: QuerySet[Talent] | None = None) -> Talent | None:
    """The talent record linked to `user`'s account (None: none linked, or anonymous).
    `queryset` chooses what to load with it (`Talent.objects.only("pk")`, …)."""
    if user is None or not user.is_authenticated:
        return None
    return (Talent.objects.all() if queryset is None else queryset).filter(user_id=user.pk).first()


def get_card_for_actor(actor, pk) -> TalentCard:
    visible = Talent.objects.for_actor(actor).values("pk")
    try:
        return TalentCard.objects.select_related("talent").get(pk=pk, talent__in=visible)
    except (TalentCard.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_not_found()) from exc


def cards_for_actor(
    actor,
    *,
    county: int | None = None,
    kind: str = "",
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> QuerySet[TalentCard]:
    """The card records of the talents the actor may see (every record: issued, renewed,
    recorded, revoked), newest first; filtered by the talent's county, the kind and the day
    recorded (Asia/Shanghai) — the list behind the "cards issued" figure."""
    qs = TalentCard.objects.filter(talent__in=Talent.objects.for_actor(actor).values("pk"))
    if county:
        qs = qs.filter(talent__county_id=county)
    if kind:
        qs = qs.filter(kind=kind)
    if issued_from:
        qs = qs.filter(issued_at__date__gte=issued_from)
    if issued_to:
        qs = qs.filter(issued_at__date__lte=issued_to)
    return qs.select_related("talent", "talent__county").order_by("-issued_at", "-id")


def _not_found():
    from django.utils.translation import gettext_lazy as _

    return _("Not found.")


@dataclass(frozen=True)
class TalentFilters:
    """The registry's search form: every field optional, all applied together."""

    name: str = ""
    id_number: str = ""
    mobile: str = ""
    employer: int | None = None
    county: int | None = None
    tier: str = ""
    degree: str = ""
    tag: str = ""
    has_card: str = ""
    registered_from: date | None = None  # the day the talent was registered, Asia/Shanghai
    registered_to: date | None = None
    as_of: date | None = None  # in the registry on the day: registered by then, not yet left


# search_talents' ordering (newest first, "-id") written so that no index serves it: for the
# registry list when its count finds at most 1,000 talents (`CappedPaginator.few_rows_order`),
# so PostgreSQL sorts them rather than walking the primary key through the table for them.
FEW_ROWS_ORDER = (
    OrderBy(ExpressionWrapper(F("id") + 0, output_field=BigIntegerField()), descending=True),
)


def search_talents(actor, filters: TalentFilters) -> QuerySet[Talent]:
    """The registry list for the actor: scoped, filtered, with related rows joined."""
    qs = Talent.objects.for_actor(actor).with_related()
    if filters.name.strip():
        qs = with_name(qs, filters.name)
    if filters.id_number:
        qs = qs.filter(id_number=normalise_id_number(filters.id_number))
    if filters.mobile:
        qs = qs.filter(mobile=normalise_mobile(filters.mobile))
    if filters.employer:
        qs = qs.filter(employer_id=filters.employer)
    if filters.county:
        qs = qs.filter(county_id=filters.county)
    if filters.registered_from:
        qs = qs.filter(created_at__date__gte=filters.registered_from)
    if filters.registered_to:
        qs = qs.filter(created_at__date__lte=filters.registered_to)
    if filters.as_of:
        qs = qs.filter(created_at__date__lte=filters.as_of).filter(
            Q(departed_on__isnull=True) | Q(departed_on__gt=filters.as_of)
        )
    if filters.tier == "none":
        qs = qs.filter(tier__isnull=True)
    elif filters.tier:
        qs = qs.filter(tier__code=filters.tier)
    if filters.degree:
        qs = qs.filter(degree__code=filters.degree)
    if filters.tag:
        qs = qs.filter(tags__code=filters.tag)
    if filters.has_card:
        qs = qs.filter(cards__kind=filters.has_card, cards__status="active")
    return (
        qs.order_by("-id").distinct() if (filters.tag or filters.has_card) else qs.order_by("-id")
    )


def registry_page(
    actor, filters: TalentFilters, number: Any, *, per_page: int
) -> tuple[Page, list[Talent]]:
    """The registry list's page `number` (`talents.views.registry.talent_list`): its capped
    count and its rows with their related rows and tags.

    A search by name whose count passes the cap (more than 1,000 talents) reads its page in
    two steps: its ids (the filters, the scope and the ordering, selecting only `id`) planned
    as in memory (`search.planned_as_in_memory`), then those rows. For a key that 1,001 to
    about 1,600 talents have, PostgreSQL then takes the newest 50 from the index and a sort of
    ids rather than walking the primary key through 30,000–50,000 rows, or sorting every match
    joined to its county, degree, title, employer and tier (more common keys are still walked,
    for ids only: 12,000–30,000 rows up to 4,000 talents) (docs/performance.md, "Finding
    talents by name"). Every other page — the rest of the searches and lists — is one query,
    planned as everything else is: a setting and a second query would cost it more round
    trips than they save."""
    talents = search_talents(actor, filters).prefetch_related("tags")
    paginator = CappedPaginator(talents, per_page, few_rows_order=FEW_ROWS_ORDER)
    page = paginator.get_page(number)  # counted; its rows not read yet
    if not (filters.name.strip() and paginator.is_capped):
        rows = list(page.object_list)
        return page, rows
    with planned_as_in_memory():
        page_ids = list(page.object_list.values_list("pk", flat=True))
    found = Talent.objects.with_related().prefetch_related("tags").in_bulk(page_ids)
    rows = [found[pk] for pk in page_ids if pk in found]  # one deleted in between: gone
    page.object_list = rows
    return page, rows


def find_exact(
    *,
    id_number: str = "",
    mobile: str = "",
    name: str = "",
    birth_date: date | None = None,
    related: tuple[str, ...] | None = None,
) -> QuerySet[Talent]:
    """Talents matching exact identifiers, across the whole registry (anyone may walk in).

    Only the window-find service calls this: it records the visit that makes the talent
    visible to the clerk. At least one identifier set is required. `related`: the foreign
    keys to join (what the caller's page shows); None joins every catalogue the registry's
    pages show (`with_related`).
    """
    qs = (
        Talent.objects.with_related()
        if related is None
        else Talent.objects.select_related(*related)
    )
    if id_number:
        return qs.filter(id_number=normalise_id_number(id_number))
    if mobile:
        return qs.filter(mobile=normalise_mobile(mobile))
    if name and birth_date:
        name = name.strip()
        if is_han(name) or not (spelled := spelling(name)):
            return qs.filter(name=name, birth_date=birth_date)
        # A name spelled in pinyin (a clerk without a Chinese keyboard): the full spelling,
        # never initials alone, and still with the birth date.
        born = qs.filter(birth_date=birth_date)
        return born.filter(
            pk__in=[t.pk for t in with_name(born, spelled) if spelled in full_pinyin(t.name)]
        )
    return qs.none()


def moves_for_actor(actor) -> QuerySet:
    """The moves an actor may list: every move for the city-wide roles; for a county officer
    the moves of their county's talents and the transfers into or out of their county (so the
    old county keeps seeing a transfer after the talent has gone)."""
    from rencai.core.choices import Role
    from rencai.core.permissions import roles_of

    from .models import TalentMove

    roles = roles_of(actor)
    qs = TalentMove.objects.select_related("talent", "reason", "from_county", "to_county")
    if roles.has(Role.TASK_FORCE, Role.CITY_ADMIN):
        return qs
    counties = roles.division_ids(Role.COUNTY_OFFICER)
    if not counties:
        return qs.none()
    return qs.filter(
        Q(talent__county_id__in=counties)
        | Q(from_county_id__in=counties)
        | Q(to_county_id__in=counties)
    )
