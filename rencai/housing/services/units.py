"""Buildings and apartments: added with their fit-out date, state changes kept with dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.errors import PermissionDenied
from rencai.core.models import Division, Organisation

from .. import permissions
from ..choices import MANUAL_UNIT_STATES, RentShare, UnitState
from ..models import Building, Unit, UnitStatePeriod
from .common import HousingError, conflict_on_integrity, lock_unit, move_unit

UNIT_FIELDS = ["state", "rooms", "floor_area", "monthly_rent_fen", "rent_share", "talent_rent_fen"]


def create_building(
    *,
    actor,
    name: str,
    address: str,
    county: Division,
    manager: Organisation,
    rent_or_buy: bool = False,
) -> Building:
    """A building of talent apartments in a county the actor manages."""
    if not permissions.can_manage_county(actor, county.pk):
        raise PermissionDenied(_("You may not manage apartments in this county."))
    with transaction.atomic():
        building = Building.objects.create(
            name=name, address=address, county=county, manager=manager, rent_or_buy=rent_or_buy
        )
        audit.record(actor, "housing.building_create", building, changes={"county": county.name})
    return building


def add_unit(
    building: Building,
    *,
    actor,
    number: str,
    rooms: int,
    floor_area: Decimal,
    monthly_rent_fen: int,
    fit_out_started_on: date,
    rent_share: str = RentShare.FREE,
    talent_rent_fen: int | None = None,
    furnished: bool = True,
) -> Unit:
    """An apartment whose fit-out started on `fit_out_started_on` (its first state)."""
    if not permissions.can_manage_county(actor, building.county_id):
        raise PermissionDenied(_("You may not manage apartments in this county."))
    if talent_rent_fen is None:
        talent_rent_fen = {RentShare.FREE: 0, RentShare.FULL: monthly_rent_fen}.get(rent_share, 0)
    unit = Unit(
        building=building,
        number=number,
        rooms=rooms,
        floor_area=floor_area,
        furnished=furnished,
        monthly_rent_fen=monthly_rent_fen,
        rent_share=rent_share,
        talent_rent_fen=talent_rent_fen,
        fit_out_started_on=fit_out_started_on,
        state=UnitState.FITTING_OUT,
    )
    unit.full_clean(validate_constraints=True)
    with transaction.atomic():
        with conflict_on_integrity(_("This building already has a unit with this number.")):
            unit.save()
        UnitStatePeriod.objects.create(
            unit=unit, state=UnitState.FITTING_OUT, started_on=fit_out_started_on
        )
        audit.record(
            actor,
            "housing.unit_add",
            unit,
            changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)),
        )
    return unit


def change_unit_state(
    unit: Unit, *, actor, to_state: str, on: date | None = None, note: str = ""
) -> Unit:
    """Fit-out finished (ready), under repair, repaired: officers set these by hand; a unit
    becomes occupied and free again only through tenancies."""
    if not permissions.can_manage_unit(actor, unit):
        raise PermissionDenied(_("You may not manage this apartment."))
    if to_state not in MANUAL_UNIT_STATES:
        raise HousingError(
            _("An apartment becomes occupied or free only through a tenancy."),
            code="invalid_transition",
        )
    on = on or clock.today()
    with transaction.atomic():
        locked = lock_unit(unit)
        if locked.offers.filter(state="open").exists() and to_state != UnitState.READY:
            raise HousingError(
                _("This apartment is on offer: wait for the answer first."), code="on_offer"
            )
        if locked.state == UnitState.OCCUPIED:
            raise HousingError(
                _("An occupied apartment is freed by the tenant's move-out."),
                code="invalid_transition",
            )
        before = locked.state
        move_unit(locked, to_state, on=on, actor=actor, note=note)
        audit.record(
            actor,
            "housing.unit_state",
            locked,
            changes={"state": [before, to_state], "on": on.isoformat()},
        )
    return locked
