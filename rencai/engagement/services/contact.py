"""Leader contact: pairing a contact leader with a high-level talent for a year, the year's
"five ones" checklist (data), ticking its items, and contact logs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import User
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from .. import clock, permissions
from ..choices import ContactKind
from ..errors import EngagementError
from ..models import ContactLog, ContactPairing, FiveOnesItem, FiveOnesTick


def define_five_ones(year: int, items: Iterable[tuple[str, str]], *, actor) -> list[FiveOnesItem]:
    """Set the year's checklist: (code, label) pairs in order; existing codes are relabelled."""
    if not permissions.is_task_force(actor) and not roles_of(actor).has(Role.CITY_ADMIN):
        raise PermissionDenied(_("You may not change the five-ones checklist."))
    rows = []
    with transaction.atomic():
        for order, (code, label) in enumerate(items, start=1):
            item, _created = FiveOnesItem.objects.update_or_create(
                year=year, code=code, defaults={"label": label, "order": order}
            )
            rows.append(item)
        audit.record(
            actor,
            "five_ones.define",
            target_type="engagement.fiveonesitem",
            target_repr=str(year),
            changes={"year": year, "items": [r.code for r in rows]},
        )
    return rows


def _clean_date(on: date | None, field: str) -> date:
    today = clock.today()
    on = on or today
    if on > today:
        message = _("The date cannot be in the future.")
        raise DomainError(message, code=EngagementError.INVALID_DATE, fields={field: [message]})
    return on


def pair_leader(
    leader: User, talent: Talent, *, actor, year: int | None = None, note: str = ""
) -> ContactPairing:
    """Pair a contact leader with a high-level talent for `year` (this year by default)."""
    if not permissions.can_pair(actor):
        raise PermissionDenied(_("Only the task force pairs contact leaders with talents."))
    if not roles_of(leader).has(Role.CONTACT_LEADER):
        message = _("Choose a contact leader.")
        raise DomainError(message, code=EngagementError.NOT_A_LEADER, fields={"leader": [message]})
    if talent.tier is None or not talent.tier.is_high_level:
        message = _("Contact leaders are paired with high-level talents.")
        raise DomainError(
            message, code=EngagementError.NOT_HIGH_LEVEL, fields={"talent": [message]}
        )
    year = year or clock.today().year
    try:
        with transaction.atomic():
            pairing = ContactPairing.objects.create(
                leader=leader,
                talent=talent,
                year=year,
                note=(note or "").strip()[:300],
                created_by=audit.acting_user(actor),
            )
            audit.record(
                actor,
                "pairing.create",
                pairing,
                changes={"leader": leader.pk, "talent": talent.pk, "year": year},
            )
    except IntegrityError:
        raise Conflict(
            _("This leader is already paired with the talent."),
            code=EngagementError.DUPLICATE_PAIRING,
        ) from None
    return pairing


def tick_five_ones(
    pairing: ContactPairing,
    item: FiveOnesItem,
    *,
    actor,
    done_on: date | None = None,
    note: str = "",
) -> FiveOnesTick:
    """Tick one item of the pairing's year checklist, with its date and note (once)."""
    if not permissions.can_record_contact(actor, pairing):
        raise PermissionDenied(_("Only the pairing's leader records its contacts."))
    if item.year != pairing.year:
        message = _("Choose an item of the pairing's year.")
        raise DomainError(message, code=EngagementError.WRONG_YEAR, fields={"item": [message]})
    done_on = _clean_date(done_on, "done_on")
    try:
        with transaction.atomic():
            tick = FiveOnesTick.objects.create(
                pairing=pairing,
                item=item,
                done_on=done_on,
                note=(note or "").strip()[:300],
                recorded_by=audit.acting_user(actor),
                created_at=clock.now(),
            )
            audit.record(
                actor,
                "five_ones.tick",
                pairing,
                changes={"item": item.code, "done_on": done_on.isoformat()},
            )
    except IntegrityError:
        raise Conflict(
            _("This item is already ticked."), code=EngagementError.ALREADY_TICKED
        ) from None
    return tick


def log_contact(
    pairing: ContactPairing,
    *,
    actor,
    kind: str,
    summary: str,
    happened_on: date | None = None,
) -> ContactLog:
    """Record a contact (visit, call, meeting, letter, policy pack delivered) with the talent."""
    if not permissions.can_record_contact(actor, pairing):
        raise PermissionDenied(_("Only the pairing's leader records its contacts."))
    if kind not in ContactKind.values:
        message = _("Choose a kind of contact.")
        raise DomainError(message, fields={"kind": [message]})
    summary = (summary or "").strip()
    if not summary:
        message = _("Write a summary.")
        raise DomainError(message, fields={"summary": [message]})
    happened_on = _clean_date(happened_on, "happened_on")
    with transaction.atomic():
        log = ContactLog.objects.create(
            pairing=pairing,
            kind=kind,
            happened_on=happened_on,
            summary=summary[:500],
            recorded_by=audit.acting_user(actor),
            created_at=clock.now(),
        )
        audit.record(
            actor,
            "contact.log",
            pairing,
            changes={"kind": kind, "happened_on": happened_on.isoformat()},
        )
    return log
