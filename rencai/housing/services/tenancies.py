"""Tenancies: the move-in checklist, renewal, and move-out with the inspection that frees
the unit (ready again, or under repair)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied
from rencai.policies.choices import EntitlementState
from rencai.policies.services.entitlements import transition_entitlement

from .. import permissions
from ..choices import InspectionResult, TenancyState, UnitState
from ..models import Tenancy, TenancyRenewal
from .common import HousingError, lock_unit, move_unit


def _lock(tenancy: Tenancy) -> Tenancy:
    lock_unit(tenancy.unit)
    locked = (
        Tenancy.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__building", "application__entitlement", "talent")
        .get(pk=tenancy.pk)
    )
    if locked.state != TenancyState.ACTIVE:
        raise Conflict(_("This tenancy has ended."), code="tenancy_ended")
    return locked


def _may_manage(actor, tenancy: Tenancy) -> None:
    if not permissions.can_manage_unit(actor, tenancy.unit):
        raise PermissionDenied(gettext_lazy("You may not manage this tenancy."))


def record_move_in(
    tenancy: Tenancy,
    *,
    actor,
    done: list[str],
    notes: dict[str, str] | None = None,
    on: date | None = None,
) -> Tenancy:
    """Tick the move-in checklist (keys, furniture, meters …); the talent moves in when every
    item is done. The talent may tick it themself on the phone, or the bureau on site."""
    if not permissions.can_record_move_in(actor, tenancy):
        raise PermissionDenied(gettext_lazy("You may not manage this tenancy."))
    notes = notes or {}
    with transaction.atomic():
        locked = _lock(tenancy)
        before = [dict(item) for item in locked.checklist]
        for item in locked.checklist:
            item["done"] = item["done"] or item["item"] in done
            if notes.get(item["item"]):
                item["note"] = notes[item["item"]][:200]
        fields = ["checklist", "updated_at"]
        if locked.moved_in_on is None and all(item["done"] for item in locked.checklist):
            locked.moved_in_on = on or clock.today()
            fields.append("moved_in_on")
        locked.save(update_fields=fields)
        audit.record(
            actor,
            "housing.move_in",
            locked,
            changes={
                "checklist": [before, locked.checklist],
                "moved_in_on": str(locked.moved_in_on),
            },
        )
    return locked


def renew_tenancy(tenancy: Tenancy, *, actor, ends_on: date) -> Tenancy:
    """Extend the term to `ends_on` (later than the current end); the renewal is kept."""
    _may_manage(actor, tenancy)
    with transaction.atomic():
        locked = _lock(tenancy)
        if ends_on <= locked.ends_on:
            raise HousingError(
                gettext_lazy("A renewal ends later than the current term."),
                code="invalid",
                fields={"ends_on": [_("A renewal ends later than the current term.")]},
            )
        TenancyRenewal.objects.create(
            tenancy=locked,
            renewed_on=clock.today(),
            previous_ends_on=locked.ends_on,
            ends_on=ends_on,
            renewed_by=audit.acting_user(actor),
        )
        before = locked.ends_on
        locked.ends_on = ends_on
        locked.save(update_fields=["ends_on", "updated_at"])
        audit.record(
            actor, "housing.renew", locked, changes={"ends_on": [str(before), str(ends_on)]}
        )
    return locked


def move_out(
    tenancy: Tenancy,
    *,
    actor,
    inspection_result: str,
    note: str = "",
    on: date | None = None,
) -> Tenancy:
    """End the tenancy after the move-out inspection: the unit is ready again (or under
    repair when the inspection says so), and the entitlement ends."""
    _may_manage(actor, tenancy)
    if inspection_result not in InspectionResult.values:
        raise HousingError(
            gettext_lazy("Record the inspection's result."),
            code="invalid",
            fields={"inspection_result": [_("Record the inspection's result.")]},
        )
    on = on or clock.today()
    with transaction.atomic():
        locked = _lock(tenancy)
        if on < locked.starts_on:
            raise HousingError(gettext_lazy("A move-out cannot precede the start."), code="invalid")
        locked.state = TenancyState.ENDED
        locked.ended_on = on
        locked.inspection_result = inspection_result
        locked.inspection_note = note[:300]
        locked.save(
            update_fields=[
                "state",
                "ended_on",
                "inspection_result",
                "inspection_note",
                "updated_at",
            ]
        )
        to_state = (
            UnitState.READY
            if inspection_result == InspectionResult.GOOD
            else UnitState.UNDER_REPAIR
        )
        move_unit(locked.unit, to_state, on=on, actor=actor, note=_("Move-out inspection"))
        entitlement = locked.application.entitlement
        if entitlement is not None and entitlement.state in (
            EntitlementState.GRANTED,
            EntitlementState.PAID,
        ):
            transition_entitlement(
                entitlement,
                actor=None,
                to_state=EntitlementState.ENDED,
                on=on,
                note=str(locked.unit),
            )
        audit.record(
            actor,
            "housing.move_out",
            locked,
            changes={"ended_on": on.isoformat(), "inspection": inspection_result, "unit": to_state},
        )
    return locked
