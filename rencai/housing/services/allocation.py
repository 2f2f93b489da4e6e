"""Rounds, offers and acceptance.

A round is opened for a county; closing it freezes the waiting list's order (`RankEntry`,
from the inputs stored on each application, under the scheme's keys). An allocation offers a
ready unit to the first applicant of the frozen order whom it suits (the rooms the
household needs, by the scheme's table) and who has no open offer. The applicant accepts or
declines by the deadline (working days); refusing the scheme's number of suitable offers
lapses the application. Acceptance starts the tenancy.

Locks are taken unit → application → offer, always in that order; the partial unique indexes
(one open offer per unit and per application, one active tenancy per unit and per talent)
decide whatever the locks did not.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.calendar import add_working_days
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.models import Division
from rencai.core.notifications import notify
from rencai.core.text import format_date
from rencai.policies.choices import EntitlementState
from rencai.policies.services.entitlements import transition_entitlement

from .. import permissions, ranking, selectors
from ..choices import HousingApplicationState, OfferState, RoundState, UnitState
from ..models import AllocationRound, HousingApplication, Offer, RankEntry, Tenancy, Unit
from .applications import end_application
from .common import HousingError, add_years, conflict_on_integrity, lock_unit, move_unit

S = HousingApplicationState
DEFAULT_CHECKLIST = [
    "keys",
    "furniture",
    "appliances",
    "water_meter",
    "electricity_meter",
    "gas_meter",
]


def open_round(county: Division, *, actor, name: str = "") -> AllocationRound:
    """Open a round for the county under the scheme in force today."""
    if not permissions.can_manage_county(actor, county.pk):
        raise PermissionDenied(gettext_lazy("You may not manage apartments in this county."))
    today = clock.today()
    scheme = selectors.scheme_on(today)
    if scheme is None:
        raise HousingError(gettext_lazy("No allocation scheme is in force."), code="no_scheme")
    with transaction.atomic():
        with conflict_on_integrity(_("This county already has an open round.")):
            round_ = AllocationRound.objects.create(
                name=name or f"{county.name} {today:%Y-%m-%d}",
                county=county,
                scheme=scheme,
                opened_on=today,
            )
        audit.record(actor, "housing.round_open", round_, changes={"county": county.name})
    return round_


def close_round(round_: AllocationRound, *, actor) -> AllocationRound:
    """Freeze the order: every application waiting in the county, ranked on its stored
    inputs by the scheme's keys, gets its place."""
    if not permissions.can_manage_county(actor, round_.county_id):
        raise PermissionDenied(gettext_lazy("You may not manage this round."))
    with transaction.atomic():
        locked = AllocationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state != RoundState.OPEN:
            raise Conflict(_("This round is already closed."))
        keys = locked.scheme.ranking_keys
        waiting = HousingApplication.objects.filter(
            county_id=locked.county_id,
            state__in=[S.WAITING, S.OFFERED],
            applied_on__lte=clock.today(),
        ).values_list("pk", "inputs")
        inputs = dict(waiting)
        ordered = ranking.order(keys, inputs.items())
        RankEntry.objects.bulk_create(
            RankEntry(round=locked, application_id=pk, position=i, inputs=inputs[pk])
            for i, pk in enumerate(ordered, start=1)
        )
        locked.state = RoundState.CLOSED
        locked.closed_at = clock.now()
        locked.ranking_keys = keys
        locked.save(update_fields=["state", "closed_at", "ranking_keys", "updated_at"])
        audit.record(
            actor, "housing.round_close", locked, changes={"ranked": len(ordered), "keys": keys}
        )
    return locked


def _candidate(round_: AllocationRound, unit: Unit) -> HousingApplication | None:
    """The first applicant of the frozen order whom the unit suits and who is free to take
    an offer (waiting, no open offer, not yet offered this very unit)."""
    table = round_.scheme.room_table
    entries = (
        RankEntry.objects.filter(round=round_, application__state=S.WAITING)
        .exclude(application__offers__unit=unit)
        .select_related("application")
        .order_by("position")
    )
    for entry in entries:
        if ranking.rooms_needed(table, entry.application.household_size) <= unit.rooms:
            return entry.application
    return None


def allocate_unit(unit: Unit, *, round_: AllocationRound, actor) -> Offer:
    """Offer a ready unit to the first applicant of the round's frozen order it suits."""
    if not permissions.can_manage_unit(actor, unit):
        raise PermissionDenied(gettext_lazy("You may not manage this apartment."))
    if round_.state != RoundState.CLOSED or round_.county_id != unit.building.county_id:
        raise HousingError(
            gettext_lazy("Offers follow the frozen order of a closed round of the unit's county."),
            code="round_not_closed",
        )
    today = clock.today()
    with transaction.atomic():
        locked = lock_unit(unit)
        current = locked.periods.filter(ended_on__isnull=True)
        ready_since = current.values_list("started_on", flat=True).first()
        if locked.state != UnitState.READY or (ready_since is not None and ready_since > today):
            # a unit recorded as ready from a later day is not ready yet
            raise Conflict(_("This apartment is not ready to let."), code="unit_not_ready")
        if locked.offers.filter(state=OfferState.OPEN).exists():
            raise Conflict(_("This unit is already on offer."), code="unit_on_offer")
        application = _candidate(round_, locked)
        if application is None:
            raise HousingError(
                gettext_lazy("No one on this round's list needs a unit of this size."),
                code="no_candidate",
            )
        application = HousingApplication.objects.select_for_update().get(pk=application.pk)
        if application.state != S.WAITING:  # offered another unit meanwhile
            raise Conflict(
                _("The applicant was just offered another unit: try again."),
                code="applicant_on_offer",
            )
        with conflict_on_integrity(_("This unit is already on offer.")):
            offer = Offer.objects.create(
                application=application,
                unit=locked,
                round=round_,
                offered_on=today,
                deadline=add_working_days(today, round_.scheme.offer_working_days),
                offered_by=audit.acting_user(actor),
            )
        application.state = S.OFFERED
        application.save(update_fields=["state", "updated_at"])
        _tell_offer(application, offer)
        audit.record(
            actor,
            "housing.offer",
            offer,
            changes={"unit": str(locked), "application": str(application)},
        )
    return offer


def _tell_offer(application: HousingApplication, offer: Offer) -> None:
    """The applicant hears of the offer in the app and by SMS, with the deadline."""
    talent = application.talent
    notify(
        title=_("A talent apartment is offered to you: %(unit)s") % {"unit": offer.unit},
        body=_("Accept or decline by %(day)s.") % {"day": format_date(offer.deadline)},
        link=reverse("housing:mine"),
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def allocate_round(round_: AllocationRound, *, actor) -> list[Offer]:
    """Offer every ready unit of the county that is not on offer, smallest first, down the
    frozen order."""
    offers = []
    units = (
        Unit.objects.filter(building__county_id=round_.county_id, state=UnitState.READY)
        .exclude(offers__state=OfferState.OPEN)
        .select_related("building")
        .order_by("rooms", "pk")
    )
    for unit in units:
        try:
            offers.append(allocate_unit(unit, round_=round_, actor=actor))
        except (HousingError, Conflict):
            continue
    return offers


def _lock_offer(offer: Offer) -> tuple[Unit, HousingApplication, Offer]:
    unit = lock_unit(offer.unit)
    application = (
        HousingApplication.objects.select_for_update(of=("self",))
        .select_related("talent", "entitlement")
        .get(pk=offer.application_id)
    )
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("round__scheme")
        .get(pk=offer.pk)
    )
    if locked.state != OfferState.OPEN:
        raise Conflict(_("This offer has already been answered."), code="offer_answered")
    return unit, application, locked


def accept_offer(offer: Offer, *, actor, starts_on: date | None = None) -> Tenancy:
    """Accept by the deadline: the tenancy starts, the unit is occupied, the entitlement is
    granted."""
    if not permissions.can_answer_offer(actor, offer):
        raise PermissionDenied(gettext_lazy("You may not answer this offer."))
    today = clock.today()
    starts_on = starts_on or today
    with transaction.atomic():
        unit, application, locked = _lock_offer(offer)
        if today > locked.deadline:
            raise HousingError(gettext_lazy("The deadline to answer has passed."), code="late")
        scheme = locked.round.scheme
        building = unit.building
        locked.state = OfferState.ACCEPTED
        locked.answered_on = today
        locked.save(update_fields=["state", "answered_on", "updated_at"])
        buy_from = None
        if building.rent_or_buy and scheme.buy_option_years:
            buy_from = add_years(starts_on, scheme.buy_option_years)
        with conflict_on_integrity(_("This unit or this talent already has an active tenancy.")):
            tenancy = Tenancy.objects.create(
                unit=unit,
                talent=application.talent,
                application=application,
                offer=locked,
                starts_on=starts_on,
                ends_on=add_years(starts_on, scheme.term_years),
                monthly_rent_fen=unit.monthly_rent_fen,
                talent_rent_fen=unit.talent_rent_fen,
                deposit_fen=scheme.deposit_fen,
                wait_days=(starts_on - application.applied_on).days,
                checklist=[{"item": item, "done": False, "note": ""} for item in DEFAULT_CHECKLIST],
                buy_option_from=buy_from,
                buy_option_terms=scheme.buy_option_terms if buy_from else "",
            )
        move_unit(unit, UnitState.OCCUPIED, on=starts_on, actor=actor)
        application.state = S.HOUSED
        application.left_list_on = today
        application.save(update_fields=["state", "left_list_on", "updated_at"])
        if application.entitlement_id:
            transition_entitlement(
                application.entitlement,
                actor=None,
                to_state=EntitlementState.GRANTED,
                on=starts_on,
                note=str(tenancy.unit),
            )
        audit.record(
            actor,
            "housing.offer_accept",
            tenancy,
            changes={"unit": str(unit), "starts_on": starts_on.isoformat()},
        )
    return tenancy


def _refuse(application: HousingApplication, offer: Offer, *, actor) -> None:
    """One more refused suitable offer: back on the list, or lapsed at the scheme's limit."""
    application.refusals += 1
    application.state = S.WAITING
    application.save(update_fields=["refusals", "state", "updated_at"])
    if application.refusals >= offer.round.scheme.max_refusals:
        end_application(
            application,
            actor=actor,
            to_state=S.LAPSED,
            note=_("Lapsed after %(n)d refused offers") % {"n": application.refusals},
        )


def decline_offer(offer: Offer, *, actor, reason: str = "") -> Offer:
    """Decline: the unit is free to offer to the next applicant."""
    if not permissions.can_answer_offer(actor, offer):
        raise PermissionDenied(gettext_lazy("You may not answer this offer."))
    with transaction.atomic():
        _unit, application, locked = _lock_offer(offer)
        locked.state = OfferState.DECLINED
        locked.answered_on = clock.today()
        locked.reason = reason[:200]
        locked.save(update_fields=["state", "answered_on", "reason", "updated_at"])
        _refuse(application, locked, actor=actor)
        audit.record(
            actor,
            "housing.offer_decline",
            locked,
            changes={"refusals": application.refusals, "state": application.state},
        )
    return locked


def expire_offers(today: date | None = None, *, actor=None) -> int:
    """Offers not answered by their deadline expire and count as refused (a scheduled job)."""
    today = today or clock.today()
    expired = 0
    for offer in Offer.objects.filter(state=OfferState.OPEN, deadline__lt=today).order_by(
        "unit_id"
    ):
        with transaction.atomic():
            try:
                _unit, application, locked = _lock_offer(offer)
            except Conflict:
                continue
            locked.state = OfferState.EXPIRED
            locked.answered_on = today
            locked.save(update_fields=["state", "answered_on", "updated_at"])
            _refuse(application, locked, actor=actor)
            audit.record(
                actor, "housing.offer_expire", locked, changes={"deadline": str(locked.deadline)}
            )
            expired += 1
    return expired
