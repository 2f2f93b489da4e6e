"""Employment intents: a seeker and an enterprise agree to proceed on a position.

Either side proposes (which is that side's confirmation); the other confirms, and the intent
counts only then. Either side may decline while it waits. A walk-in without an account confirms
at the organiser's desk: the organiser records the seeker's side, audited as such. Each
transition locks the intent, checks, changes, audits in one transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied
from rencai.talents.models import Talent

from .. import permissions
from ..choices import IntentStatus, Side
from ..errors import FairError, IllegalTransition, IntentExists
from ..models import EmploymentIntent, Position
from .seekers import check_seeker


def _check_open(position: Position) -> None:
    if not position.is_open:
        raise Conflict(_("This position is closed."), code=FairError.POSITION_CLOSED)


def _confirm_side(intent: EmploymentIntent, side: str, *, actor, at_desk: bool = False) -> None:
    now = clock.now()
    user = audit.acting_user(actor)
    if side == Side.SEEKER:
        intent.seeker_confirmed_at = now
        intent.seeker_confirmed_by = user
        intent.seeker_confirmed_at_desk = at_desk
    else:
        intent.enterprise_confirmed_at = now
        intent.enterprise_confirmed_by = user
    if intent.seeker_confirmed_at and intent.enterprise_confirmed_at:
        intent.status = IntentStatus.CONFIRMED
        intent.confirmed_at = now


def propose_intent(
    position: Position, *, talent: Talent, side: str, actor, at_desk: bool = False
) -> EmploymentIntent:
    """One side proposes an intent between the seeker and the position (and so confirms their
    side). The enterprise proposes only to a seeker registered at the fair."""
    side = Side(side)
    if at_desk:
        if not permissions.can_confirm_at_desk(actor, position.participant.fair):
            raise PermissionDenied(_("Only the fair's organiser records confirmations."))
    elif not permissions.can_act_for_side(actor, side, position=position, talent=talent):
        raise PermissionDenied(_("You may not propose this intent."))
    _check_open(position)
    if side == Side.ENTERPRISE or at_desk:
        check_seeker(position.participant.fair, talent, walk_in=at_desk)
    intent = EmploymentIntent(
        position=position,
        talent=talent,
        proposed_by_side=side,
        proposed_by=audit.acting_user(actor),
    )
    _confirm_side(intent, side, actor=actor, at_desk=at_desk)
    try:
        with transaction.atomic():
            intent.save()
            audit.record(
                actor,
                "employment_intent.confirm_at_desk" if at_desk else "employment_intent.propose",
                intent,
                changes={"side": side, "position": position.pk, "talent": talent.pk},
            )
    except IntegrityError:
        raise IntentExists(
            _("This seeker already has an intent on this position."),
        ) from None
    return intent


def confirm_intent(intent: EmploymentIntent, *, side: str, actor) -> EmploymentIntent:
    """The other side confirms; with both sides confirmed the intent counts."""
    side = Side(side)
    if not permissions.can_act_for_side(
        actor, side, position=intent.position, talent=intent.talent
    ):
        raise PermissionDenied(_("You may not confirm this intent for this side."))
    with transaction.atomic():
        locked = EmploymentIntent.objects.select_for_update().get(pk=intent.pk)
        _check_pending(locked, side)
        _confirm_side(locked, side, actor=actor)
        locked.save()
        audit.record(
            actor,
            "employment_intent.confirm",
            locked,
            changes={"side": side, "status": locked.status},
        )
    return locked


def confirm_at_desk(intent: EmploymentIntent, *, actor) -> EmploymentIntent:
    """The organiser records a walk-in seeker's confirmation (they have no account)."""
    if not permissions.can_confirm_at_desk(actor, intent.position.participant.fair):
        raise PermissionDenied(_("Only the fair's organiser records confirmations."))
    check_seeker(intent.position.participant.fair, intent.talent, walk_in=True)
    with transaction.atomic():
        locked = EmploymentIntent.objects.select_for_update().get(pk=intent.pk)
        _check_pending(locked, Side.SEEKER)
        _confirm_side(locked, Side.SEEKER, actor=actor, at_desk=True)
        locked.save()
        audit.record(
            actor,
            "employment_intent.confirm_at_desk",
            locked,
            changes={"side": Side.SEEKER, "status": locked.status},
        )
    return locked


def decline_intent(intent: EmploymentIntent, *, side: str, actor) -> EmploymentIntent:
    """Either side says no while the intent waits for confirmation."""
    side = Side(side)
    if not permissions.can_act_for_side(
        actor, side, position=intent.position, talent=intent.talent
    ):
        raise PermissionDenied(_("You may not decline this intent for this side."))
    with transaction.atomic():
        locked = EmploymentIntent.objects.select_for_update().get(pk=intent.pk)
        if locked.status != IntentStatus.PROPOSED:
            raise IllegalTransition(_("This intent is no longer awaiting confirmation."))
        locked.status = IntentStatus.DECLINED
        locked.declined_at = clock.now()
        locked.declined_by_side = side
        locked.save(update_fields=["status", "declined_at", "declined_by_side", "updated_at"])
        audit.record(actor, "employment_intent.decline", locked, changes={"side": side})
    return locked


def _check_pending(intent: EmploymentIntent, side: str) -> None:
    if intent.status != IntentStatus.PROPOSED:
        raise IllegalTransition(_("This intent is no longer awaiting confirmation."))
    if intent.confirmed_by(side):
        raise IllegalTransition(_("This side has already confirmed."))
