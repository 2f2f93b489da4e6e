"""Opening a case: at the window or station by a clerk, online by the talent.

Opening records the talent's pending entitlement through `policies` in the same transaction:
the entitlement's partial unique indexes (one live per talent and benefit, and per
exclusivity group) make a double submit, a retried request or two clerks at once produce one
case — the loser gets 409 naming the existing case. The same user sending the same
`Idempotency-Key` gets the same case back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.choices import Role, ServicePointKind
from rencai.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.delivery import delivery_for
from rencai.policies.models import Benefit
from rencai.policies.services.entitlements import build_entitlement, save_new
from rencai.talents.models import Talent, WindowVisit
from rencai.talents.providers import start_of_today

from .. import permissions, selectors
from ..choices import ApplicationState, Channel
from ..eligibility import check_eligibility, refuse_unless_eligible, require_amount
from ..errors import DeskError, DuplicateApplication
from ..models import Application, RequestKey
from ..numbering import next_number
from ..steps import first_step
from ..timing import clock_start, due_at_for
from .common import claim_key, record
from .payments import clean_account

A = ApplicationState


def _clerk_service_point(actor, service_point: Organisation | None) -> Organisation:
    points = roles_of(actor).organisation_ids(Role.WINDOW_CLERK)
    if service_point is not None:
        if service_point.pk not in points:
            raise PermissionDenied(_("You do not serve at this service point."))
        return service_point
    return Organisation.objects.get(pk=min(points))


def _default_channel(actor, service_point: Organisation | None) -> str:
    if actor is None:
        return Channel.OUTREACH
    roles = roles_of(actor)
    if roles.has(Role.WINDOW_CLERK):
        kind = service_point.service_point_kind if service_point else ""
        return Channel.STATION if kind == ServicePointKind.TALENT_STATION else Channel.WINDOW
    return Channel.ONLINE if roles.has(Role.TALENT) else Channel.WINDOW


def _window_opened_at(point: Organisation, talent: Talent, moment: datetime) -> datetime:
    """When the clerk opened the talent for this case: the first window visit today at this
    service point since the talent's previous case there (now, if none)."""
    today = start_of_today()
    previous = Application.objects.filter(
        talent=talent, service_point=point, created_at__gte=today
    ).aggregate(last=Max("created_at"))["last"]
    visit = (
        WindowVisit.objects.filter(
            talent=talent, service_point=point, opened_at__gte=previous or today
        )
        .order_by("opened_at")
        .first()
    )
    return visit.opened_at if visit is not None else moment


def _duplicate(talent: Talent, benefit: Benefit, message: str, *, actor) -> DuplicateApplication:
    """The conflict, naming the existing case only to an actor who may see it: a clerk who
    did not open it learns that a case exists, not its number or state."""
    case = selectors.existing_case(talent, benefit)
    hidden = (
        case is not None
        and actor is not None
        and not Application.objects.filter(selectors.scope_q(actor), pk=case.pk).exists()
    )
    if hidden:
        message = _("This talent already has a live case for %(benefit)s.") % {
            "benefit": case.benefit.name
        }
        return DuplicateApplication(message, fields={"benefit": [message]})
    if case is not None:
        message = _("This talent already has a live case for %(benefit)s: #%(id)s (%(state)s).") % {
            "benefit": case.benefit.name,
            "id": case.public_number,
            "state": A(case.state).label,
        }
    return DuplicateApplication(
        message, application_id=case.pk if case else None, fields={"benefit": [message]}
    )


def _replay(actor, key: str, talent: Talent, benefit: Benefit) -> Application | None:
    case = selectors.application_by_idempotency_key(actor, key)
    if case is not None and (case.talent_id != talent.pk or case.benefit_id != benefit.pk):
        raise _key_reused()
    return case


def open_application(
    talent: Talent,
    benefit: Benefit,
    *,
    actor,
    channel: str | None = None,
    service_point: Organisation | None = None,
    confirmed: Iterable[str] = (),
    payee_account: str = "",
    submit: bool = True,
    idempotency_key: str = "",
) -> Application:
    """Open a case for `talent` and `benefit`, submitted (or a draft with `submit=False`).

    A clerk opens at their service point (channel window or station) for a talent they are
    serving; a talent opens online for themself. Eligibility is checked now (not eligible or
    unknown: refused with reasons; conditions to confirm must be in `confirmed` to submit),
    the amount computed, and a pending entitlement recorded with the case, in one transaction.
    """
    if not idempotency_key or actor is None or not actor.is_authenticated:
        return _open(
            talent,
            benefit,
            actor=actor,
            channel=channel,
            service_point=service_point,
            confirmed=confirmed,
            payee_account=payee_account,
            submit=submit,
        )
    with transaction.atomic():
        # The key first: a concurrent request with this key waits here until we commit.
        if not claim_key(actor, idempotency_key, action="open"):
            replay = _replay(actor, idempotency_key, talent, benefit)
            if replay is None:
                raise _key_reused()
            return _as_replay(replay)
        replay = _replay(actor, idempotency_key, talent, benefit)  # opened before keys had rows
        if replay is not None:
            return _as_replay(replay)
        case = _open(
            talent,
            benefit,
            actor=actor,
            channel=channel,
            service_point=service_point,
            confirmed=confirmed,
            payee_account=payee_account,
            submit=submit,
            idempotency_key=idempotency_key,
        )
        RequestKey.objects.filter(user=actor, key=idempotency_key).update(application=case)
    return case


def _as_replay(case: Application) -> Application:
    """The case a repeated request gets back, marked so the API answers 200 rather than 201."""
    case.replayed = True  # type: ignore[attr-defined]
    return case


def _key_reused() -> Conflict:
    return Conflict(
        _("This Idempotency-Key was already used for another request."),
        code=DeskError.IDEMPOTENCY_KEY_REUSED,
    )


def _open(
    talent: Talent,
    benefit: Benefit,
    *,
    actor,
    channel: str | None,
    service_point: Organisation | None,
    confirmed: Iterable[str],
    payee_account: str,
    submit: bool,
    idempotency_key: str = "",
) -> Application:
    roles = roles_of(actor)
    point = None
    if actor is not None and roles.has(Role.WINDOW_CLERK) and channel != Channel.ONLINE:
        point = _clerk_service_point(actor, service_point)
    channel = channel or _default_channel(actor, point)
    if actor is not None and not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
        raise NotFound(_("Not found."))
    if not permissions.can_open_application(actor, talent, benefit, channel):
        raise PermissionDenied(_("You may not open this case."))
    if channel in permissions.CLERK_CHANNELS and point is None:
        raise PermissionDenied(_("Only window clerks open cases at a service point."))
    if delivery_for(benefit.code) is not None:
        raise DomainError(
            _("%(benefit)s is requested through its own service, not as a desk case.")
            % {"benefit": benefit.name},
            code=DeskError.DELIVERED_ELSEWHERE,
        )
    today = clock.today()
    version = policy_selectors.current_version(benefit, today) if benefit.is_active else None
    if version is None:
        raise DomainError(
            _("This benefit is not open for applications."), code=DeskError.BENEFIT_CLOSED
        )
    result = check_eligibility(talent, version, on=today, confirmed=confirmed)
    refuse_unless_eligible(result, submitting=submit)
    require_amount(result)
    account = clean_account(payee_account) if payee_account else ""
    try:
        with transaction.atomic():
            case = _create(
                talent,
                benefit,
                actor=actor,
                result=result,
                channel=channel,
                point=point,
                account=account,
                submit=submit,
                key=idempotency_key,
            )
    except Conflict as exc:
        replay = _replay(actor, idempotency_key, talent, benefit)
        if replay is not None:
            return _as_replay(replay)
        if isinstance(exc, DuplicateApplication) or exc.code != "entitlement_exists":
            raise
        raise _duplicate(talent, benefit, exc.message, actor=actor) from None
    return case


def _create(talent, benefit, *, actor, result, channel, point, account, submit, key):
    now = clock.now()
    entitlement = build_entitlement(
        talent,
        benefit,
        state=EntitlementState.PENDING,
        source=EntitlementSource.DESK,
        amount_fen=result.amount_fen,
        explanation=result.explanation,
        actor=actor,
        version=result.version,
    )
    save_new(entitlement)  # Conflict (409) if a live one exists: the indexes decide races
    case = Application(
        talent=talent,
        benefit=benefit,
        version=result.version,
        entitlement=entitlement,
        department_id=benefit.owning_department_id,
        county_id=talent.county_id,
        channel=channel,
        service_point=point,
        clerk=audit.acting_user(actor) if point is not None else None,
        state=A.SUBMITTED if submit else A.DRAFT,
        step=first_step(benefit).order,
        amount_fen=result.amount_fen,
        payee_account=account,
        explanation=result.to_dict(),
        confirmed=list(result.confirmed),
        opened_at=_window_opened_at(point, talent, now) if point is not None else now,
        submitted_at=now if submit else None,
        idempotency_key=key or "",
        created_by=audit.acting_user(actor),
    )
    case.due_at = due_at_for(benefit, clock_start(case))
    case.number = next_number(talent.county)  # the counter row stays locked until we commit
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise Conflict(
            _("This Idempotency-Key was already used for another request."),
            code=DeskError.IDEMPOTENCY_KEY_REUSED,
        ) from None
    record(
        case,
        actor=actor,
        action="open",
        before={},
        from_state="",
        extra={"benefit": benefit.code, "channel": channel},
        key=key,
    )
    return case
