"""Reads, scoped to the actor: officers by county (permissions.readable_counties), a talent
only their own records. Out of scope answers 404 (`get_*_for_actor`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

from . import permissions
from .choices import OfferState
from .models import (
    AllocationRound,
    AllocationScheme,
    Building,
    HousingApplication,
    Offer,
    RankEntry,
    Tenancy,
    Unit,
)

NOTHING = Q(pk__in=[])


def _own_q(actor, path: str) -> Q:
    if actor is None or not roles_of(actor).has(Role.TALENT):
        return NOTHING
    return Q(**{f"{path}__user_id": actor.pk})


def _either(officer: Q, own: Q) -> Q:
    """officer OR own. An empty Q (every county) wins outright: Django drops an empty Q
    from `Q() | q`, which would narrow "everything" to the talent's own records."""
    if not officer:
        return officer
    return officer | own


def _officer_q(actor, county_path: str) -> Q:
    if not permissions.can_read_housing(actor):
        return NOTHING
    return permissions.county_q(permissions.readable_counties(actor), county_path)


def units_for_actor(actor) -> QuerySet[Unit]:
    """Apartments: officers of their counties; a talent the units offered or let to them."""
    offered = Offer.objects.filter(_own_q(actor, "application__talent")).values("unit_id")
    return Unit.objects.filter(
        _either(_officer_q(actor, "building__county"), Q(pk__in=offered))
    ).select_related("building", "building__county")


def buildings_for_actor(actor) -> QuerySet[Building]:
    return Building.objects.filter(_officer_q(actor, "county")).select_related("county")


def applications_for_actor(actor) -> QuerySet[HousingApplication]:
    return HousingApplication.objects.filter(
        _either(_officer_q(actor, "county"), _own_q(actor, "talent"))
    ).select_related("talent", "county", "talent__tier")


def offers_for_actor(actor) -> QuerySet[Offer]:
    return Offer.objects.filter(
        _either(_officer_q(actor, "application__county"), _own_q(actor, "application__talent"))
    ).select_related("unit", "unit__building", "application", "application__talent", "round")


def open_offers(actor) -> QuerySet[Offer]:
    return offers_for_actor(actor).filter(state=OfferState.OPEN).order_by("deadline", "pk")


def tenancies_for_actor(actor) -> QuerySet[Tenancy]:
    return Tenancy.objects.filter(
        _either(_officer_q(actor, "unit__building__county"), _own_q(actor, "talent"))
    ).select_related("unit", "unit__building", "unit__building__county", "talent")


def rounds_for_actor(actor) -> QuerySet[AllocationRound]:
    """Rounds: officers of their counties; anyone signed in sees closed rounds' published
    results (no names) — see `published_results`."""
    return AllocationRound.objects.filter(_officer_q(actor, "county")).select_related(
        "county", "scheme"
    )


def published_rounds() -> QuerySet[AllocationRound]:
    from .choices import RoundState

    return AllocationRound.objects.filter(state=RoundState.CLOSED).select_related("county")


def round_entries(round_: AllocationRound) -> QuerySet[RankEntry]:
    return round_.entries.select_related("application", "application__talent").order_by("position")


def scheme_on(day) -> AllocationScheme | None:
    return (
        AllocationScheme.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    )


def _get(queryset, pk):
    """The row, or "not found" alike for missing, out of scope and malformed ids."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def get_unit_for_actor(actor, pk) -> Unit:
    return _get(units_for_actor(actor), pk)


def get_application_for_actor(actor, pk) -> HousingApplication:
    return _get(applications_for_actor(actor), pk)


def get_offer_for_actor(actor, pk) -> Offer:
    return _get(offers_for_actor(actor), pk)


def get_tenancy_for_actor(actor, pk) -> Tenancy:
    return _get(tenancies_for_actor(actor), pk)


def get_round_for_actor(actor, pk) -> AllocationRound:
    return _get(rounds_for_actor(actor), pk)
