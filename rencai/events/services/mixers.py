"""A mixer's picks and matches.

Each participant (checked in) privately picks up to the event's `pick_limit` others who
checked in; they may change their picks until the organiser closes the round. Closing freezes
the picks and computes the matches once — a pair only where both picked each other — and
tells every participant at the same moment that the results are out, matched or not, so the
time of a reveal says nothing. Each side then sees only their own matches, and the other's
contact once both have consented to share it. Nobody is told who picked them.

Audit entries of picks carry counts only, never whom.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.notifications import notify

from .. import permissions
from ..choices import EventStatus
from ..errors import EventError
from ..models import CheckIn, Event, Match, Pick, Registration


def _check_mixer(event: Event) -> None:
    if not event.is_mixer:
        raise DomainError(_("Only a mixer has picks."), code=EventError.NOT_A_MIXER)


def set_picks(registration: Registration, *, actor, chosen: list[int]) -> list[Pick]:
    """Replace the participant's picks with `chosen` (registration ids of this mixer's
    participants). Refused once the round is closed."""
    if not permissions.can_pick(actor, registration):
        raise PermissionDenied(_("Only the participant picks."))
    event = registration.event
    _check_mixer(event)
    wanted = sorted(set(chosen))
    if len(wanted) > event.pick_limit:
        raise DomainError(
            _("Pick at most %(n)s people.") % {"n": event.pick_limit},
            code=EventError.TOO_MANY_PICKS,
            fields={"chosen": [_("Pick at most %(n)s people.") % {"n": event.pick_limit}]},
        )
    with transaction.atomic():
        # The event row is shared with the organiser's close: a pick waits for it, and a
        # closed round is seen.
        locked_event = Event.objects.select_for_update().get(pk=event.pk)
        if locked_event.picks_closed_at is not None or locked_event.status not in (
            EventStatus.PUBLISHED,
            EventStatus.CLOSED,
        ):
            raise DomainError(_("The picks round is closed."), code=EventError.ROUND_CLOSED)
        checked_in = set(
            CheckIn.objects.filter(
                event=event, registration_id__in=[registration.pk, *wanted]
            ).values_list("registration_id", flat=True)
        )
        if registration.pk not in checked_in:
            raise DomainError(_("Only those who checked in pick."), code=EventError.NOT_CHECKED_IN)
        strangers = [pk for pk in wanted if pk not in checked_in or pk == registration.pk]
        if strangers:
            raise DomainError(
                _("Pick only other people who checked in at this mixer."),
                code=EventError.NOT_CHECKED_IN,
                fields={"chosen": [_("Pick only other people who checked in at this mixer.")]},
            )
        before = Pick.objects.filter(chooser=registration).count()
        Pick.objects.filter(chooser=registration).delete()
        picks = Pick.objects.bulk_create(
            [Pick(event=event, chooser=registration, chosen_id=pk) for pk in wanted]
        )
        # Counts only: an audit entry never names whom.
        audit.record(
            actor,
            "events.picks_set",
            event,
            changes={"picks": [before, len(picks)]},
        )
    return picks


def close_picks_round(event: Event, *, actor) -> int:
    """Freeze the picks, compute the matches once, and tell every participant together.
    Returns the number of pairs."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    _check_mixer(event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.picks_closed_at is not None:
            raise DomainError(_("The picks round is already closed."), code=EventError.ROUND_CLOSED)
        locked.picks_closed_at = clock.now()
        locked.save(update_fields=["picks_closed_at", "updated_at"])
        pairs = mutual_pairs(locked)
        Match.objects.bulk_create(
            [Match(event=locked, first_id=a, second_id=b) for a, b in sorted(pairs)]
        )
        participants = list(
            Registration.objects.filter(event=locked, check_in__isnull=False).select_related(
                "talent__user"
            )
        )
        link = reverse("events:matches", args=[locked.pk])
        for registration in participants:
            if registration.talent.user_id is None:
                continue
            notify(
                title=_("The results of %(event)s are out") % {"event": locked.title},
                link=link,
                user=registration.talent.user,
                subject=locked,
            )
        audit.record(
            actor,
            "events.picks_closed",
            locked,
            changes={
                "participants": len(participants),
                "picks": Pick.objects.filter(event=locked).count(),
                "pairs": len(pairs),
            },
        )
    return len(pairs)


def mutual_pairs(event: Event) -> set[tuple[int, int]]:
    """(smaller id, larger id) for every two participants who picked each other."""
    picked = set(Pick.objects.filter(event=event).values_list("chooser_id", "chosen_id"))
    return {(min(a, b), max(a, b)) for a, b in picked if (b, a) in picked}


def consent_to_share(match: Match, *, actor, registration: Registration) -> Match:
    """One side agrees to share their contact with the other (seen once both agree)."""
    if not permissions.can_pick(actor, registration):
        raise PermissionDenied(_("Only the participant consents."))
    if registration.pk not in (match.first_id, match.second_id):
        raise PermissionDenied(_("Not your match."))
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        stamp = (
            "first_consented_at" if registration.pk == locked.first_id else "second_consented_at"
        )
        if getattr(locked, stamp) is None:
            setattr(locked, stamp, clock.now())
            locked.save(update_fields=[stamp, "updated_at"])
            audit.record(actor, "events.match_consent", locked.event, changes={"consented": 1})
    return locked
