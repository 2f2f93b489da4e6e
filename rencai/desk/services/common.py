"""What every transition service shares: lock the case, replay a retried request, record the
change (case event + audit event), move the entitlement on, tell the talent.

Retries: a transition called again with the same `Idempotency-Key` by the same user finds its
own audit event (written in the same transaction as the change, carrying the key) and returns
the case as it is, instead of acting twice or answering 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.notifications import notify
from rencai.policies.choices import EntitlementState
from rencai.policies.services.entitlements import transition_entitlement

from .. import permissions, workflow
from ..choices import ApplicationState
from ..errors import DeskError
from ..models import Application, ApplicationEvent, RequestKey

AUDITED_FIELDS = [
    "state",
    "step",
    "amount_fen",
    "reason",
    "confirmed",
    "submitted_at",
    "decided_at",
    "closed_at",
    "due_at",
]
TARGET_TYPE = Application._meta.label_lower
DETAIL_URL_NAME = "desk:application-detail"


def lock(application: Application) -> Application:
    """The case re-read under a row lock (the caller is inside `transaction.atomic`)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("talent", "benefit", "version", "entitlement")
        .get(pk=application.pk)
    )


def claim_key(actor, key: str, *, action: str) -> bool:
    """Insert the user's `Idempotency-Key` row first thing in the transaction; False if it is
    taken. On PostgreSQL a concurrent insert of the same key waits on the unique index until
    the first transaction ends: taken if it committed, ours if it rolled back."""
    try:
        with transaction.atomic():
            RequestKey.objects.create(user=actor, key=key, action=action)
    except IntegrityError:
        return False
    return True


def replayed(application: Application, *, actor, action: str, key: str) -> AuditEvent | None:
    """The audit event of this very request if it already succeeded (same user, same key)."""
    if not key or actor is None or not actor.is_authenticated:
        return None
    return AuditEvent.objects.filter(
        target_type=TARGET_TYPE,
        target_id=str(application.pk),
        action__in=[f"application.{action}", f"application.{action}_step"],
        actor=actor,
        changes__idempotency_key=key,
    ).first()


def begin(application: Application, *, actor, action: str, key: str = ""):
    """Lock, then (replay | refuse an illegal or forbidden action). Returns (case, replay)."""
    case = lock(application)
    if replayed(case, actor=actor, action=action, key=key):
        return case, True
    workflow.check(case.state, action)
    if not permissions.may(actor, case, action):
        raise PermissionDenied(_("You may not do this to this case."))
    return case, False


def snapshot(application: Application) -> dict[str, Any]:
    return audit.snapshot(application, AUDITED_FIELDS)


@dataclass
class Change:
    """A case being moved on inside `changing()`: what the block may set for the record."""

    case: Application
    replay: bool
    action: str
    before: dict[str, Any] = field(default_factory=dict)
    from_state: str = ""
    note: str = ""
    extra: dict[str, Any] | None = None
    tell_talent: bool = True


@contextmanager
def changing(
    application: Application, *, actor, action: str, key: str = "", note: str = ""
) -> Iterator[Change]:
    """Every transition's frame: lock the case, refuse an illegal or forbidden action, let the
    block change it, then write the case event and the audit event and tell the talent.

    A replay (the same user repeating a request that succeeded, same idempotency key) gets
    `change.replay` and should return `change.case` as it is: nothing is recorded again.
    The block may set `note`, `extra`, `action` (e.g. "approve_step") and `tell_talent`.
    """
    with transaction.atomic():
        case, replay = begin(application, actor=actor, action=action, key=key)
        change = Change(case, replay, action, note=note)
        if not replay:
            change.before, change.from_state = snapshot(case), case.state
        yield change
        if not replay:
            record(
                case,
                actor=actor,
                action=change.action,
                before=change.before,
                from_state=change.from_state,
                note=change.note,
                key=key,
                extra=change.extra,
                tell_talent=change.tell_talent,
            )


def record(
    application: Application,
    *,
    actor,
    action: str,
    before: dict[str, Any],
    from_state: str,
    note: str = "",
    key: str = "",
    extra: dict[str, Any] | None = None,
    tell_talent: bool = True,
) -> None:
    """Write the case event and the audit event, and notify the talent of the new state."""
    ApplicationEvent.objects.create(
        application=application,
        from_state=from_state,
        to_state=application.state,
        actor=audit.acting_user(actor),
        note=(note or "")[:300],
    )
    changes: dict[str, Any] = audit.diff(before, snapshot(application))
    changes.update(extra or {})
    if key:
        changes["idempotency_key"] = key
    audit.record(actor, f"application.{action}", application, changes=changes)
    if tell_talent:
        notify_talent(application, note=note)


def case_link(application: Application) -> str:
    try:
        return reverse(DETAIL_URL_NAME, args=[application.pk])
    except NoReverseMatch:
        return ""


def notify_talent(application: Application, *, note: str = "") -> None:
    """Tell the talent the case's new state (in-app, and SMS after commit)."""
    talent = application.talent
    title = _("Your case #%(id)s for %(benefit)s: %(state)s") % {
        "id": application.public_number,
        "benefit": application.benefit.name,
        "state": ApplicationState(application.state).label,
    }
    notify(
        title=title,
        body=note or "",
        link=case_link(application),
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def move_entitlement(
    application: Application, to_state: str, *, amount_fen: int | None = None
) -> None:
    """Move the case's entitlement on through `policies` (the desk has checked the actor).

    Called as the system (actor None): `policies` lets only officers of the owning
    department change entitlements, while a clerk or a step's other department may decide
    a case; the desk's own audit event names the person.
    """
    entitlement = application.entitlement
    if entitlement.state == to_state:
        return
    try:
        moved = transition_entitlement(
            entitlement,
            actor=None,
            to_state=to_state,
            amount_fen=amount_fen,
            note=_("Case #%(id)s") % {"id": application.public_number},
        )
    except ValidationError as exc:  # changed outside the desk (e.g. withdrawn by an officer)
        raise Conflict(
            _("The case's entitlement is %(state)s and cannot become %(to)s: %(why)s")
            % {
                "state": entitlement.get_state_display(),
                "to": EntitlementState(to_state).label,
                "why": " ".join(exc.messages),
            },
            code=DeskError.ENTITLEMENT_CHANGED,
        ) from None
    application.entitlement = moved


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason.")
        raise DomainError(message, code=DeskError.REASON_REQUIRED, fields={"reason": [message]})
    return reason[:300]
