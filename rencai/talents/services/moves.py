"""A talent's moves: leaving the city, coming back, moving between its counties.

Each use case locks the talent, checks the dates against the history, writes one
`TalentMove`, keeps the talent's current state (`departed_on`, `county`) and audits, in one
transaction. The database backs the rules a race could break: one open departure per talent,
one return per departure, a transfer between two different counties.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.choices import DivisionLevel
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import Division

from .. import hooks, permissions
from ..choices import MoveKind
from ..models import DepartureReason, Talent, TalentMove

ALREADY_LEFT = _("This talent has already left the city.")
NOT_LEFT = _("This talent has not left the city.")


def _lock(talent: Talent, actor) -> Talent:
    """The talent locked for the move, after the scope (404) and permission (403) checks."""
    if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
        raise NotFound(_("Not found."))
    locked = Talent.objects.select_for_update().select_related("county").get(pk=talent.pk)
    if not permissions.can_record_moves(actor, locked):
        raise PermissionDenied(_("Only the talent's county office records their moves."))
    return locked


def _check_date(talent: Talent, moved_on: date | None) -> date:
    """Not in the future, not before arrival, not before the talent's last recorded move."""
    if moved_on is None:
        raise ValidationError({"moved_on": [_("Enter the date.")]})
    if moved_on > clock.today():
        raise ValidationError({"moved_on": [_("The date cannot be in the future.")]})
    if talent.arrival_date and moved_on < talent.arrival_date:
        raise ValidationError(
            {"moved_on": [_("The date cannot be before the talent arrived in the city.")]}
        )
    last = TalentMove.objects.filter(talent=talent).aggregate(
        on=Max("moved_on"), back=Max("returned_on")
    )
    latest = max([d for d in (last["on"], last["back"]) if d is not None], default=None)
    if latest and moved_on < latest:
        raise ValidationError(
            {"moved_on": [_("The date cannot be before the talent's last recorded move.")]}
        )
    return moved_on


def _save(move: TalentMove, message) -> TalentMove:
    try:
        with transaction.atomic():
            move.save()
    except IntegrityError as exc:
        raise Conflict(message, code="move_conflict") from exc
    return move


def _finish(locked: Talent, move: TalentMove, message, *, actor, fields, action, changes):
    """A move's ending, the same for each kind: the move saved (the database refusing a
    conflicting one), the talent's changed `fields` saved, audited, the hooks told."""
    move = _save(move, message)
    locked.save(update_fields=[*fields, "updated_at"])
    audit.record(actor, action, locked, changes=changes)
    hooks.talent_changed(locked)
    return move


def record_departure(
    talent: Talent, *, actor, moved_on: date | None, reason: DepartureReason | None, note: str = ""
) -> TalentMove:
    """The talent left the city (for somewhere outside it): dated, with a reason (catalogue)."""
    with transaction.atomic():
        locked = _lock(talent, actor)
        if locked.departed_on is not None:
            raise Conflict(ALREADY_LEFT, code="already_departed")
        moved_on = _check_date(locked, moved_on)
        if reason is None or not reason.is_active:
            raise ValidationError({"reason": [_("Choose a reason.")]})
        move = TalentMove(
            talent=locked,
            kind=MoveKind.DEPARTURE,
            moved_on=moved_on,
            reason=reason,
            from_county=locked.county,
            note=note.strip(),
            recorded_by=actor,
        )
        locked.departed_on = moved_on
        return _finish(
            locked,
            move,
            ALREADY_LEFT,
            actor=actor,
            fields=["departed_on"],
            action="talent.depart",
            changes=audit.diff({}, {"moved_on": moved_on, "reason": str(reason)}),
        )


def record_return(talent: Talent, *, actor, moved_on: date | None, note: str = "") -> TalentMove:
    """A talent who had left came back to the city: closes their open departure."""
    with transaction.atomic():
        locked = _lock(talent, actor)
        if locked.departed_on is None:
            raise Conflict(NOT_LEFT, code="not_departed")
        moved_on = _check_date(locked, moved_on)
        departure = TalentMove.objects.departures().get(talent=locked, returned_on__isnull=True)
        departure.returned_on = moved_on
        departure.save(update_fields=["returned_on"])
        move = TalentMove(
            talent=locked,
            kind=MoveKind.RETURN,
            moved_on=moved_on,
            closes=departure,
            to_county=locked.county,
            note=note.strip(),
            recorded_by=actor,
        )
        locked.departed_on = None
        return _finish(
            locked,
            move,
            NOT_LEFT,
            actor=actor,
            fields=["departed_on"],
            action="talent.return",
            changes=audit.diff({}, {"moved_on": moved_on}),
        )


def record_transfer(
    talent: Talent, *, actor, moved_on: date | None, to_county: Division | None, note: str = ""
) -> TalentMove:
    """The talent moved to another county of the city: not a departure. Their county changes
    (the new county's office takes them over); the move stays in the history of both."""
    with transaction.atomic():
        locked = _lock(talent, actor)
        if locked.departed_on is not None:
            raise Conflict(ALREADY_LEFT, code="already_departed")
        moved_on = _check_date(locked, moved_on)
        if to_county is None or to_county.level != DivisionLevel.COUNTY:
            raise ValidationError({"to_county": [_("Choose a county of the city.")]})
        if to_county.pk == locked.county_id:
            raise ValidationError({"to_county": [_("The talent is already in this county.")]})
        from_county = locked.county
        move = TalentMove(
            talent=locked,
            kind=MoveKind.TRANSFER,
            moved_on=moved_on,
            from_county=from_county,
            to_county=to_county,
            note=note.strip(),
            recorded_by=actor,
        )
        locked.county = to_county
        return _finish(
            locked,
            move,
            ALREADY_LEFT,
            actor=actor,
            fields=["county"],
            action="talent.transfer",
            changes=audit.diff(
                {"county": str(from_county)}, {"county": str(to_county), "moved_on": moved_on}
            ),
        )
