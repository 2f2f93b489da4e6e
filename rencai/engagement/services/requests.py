"""A talent's request (诉求) from being raised to the talent's feedback.

Every transition goes through `_changing`: lock the row, refuse what the state table or the
actor's roles do not allow, let the use case change the request, then save it, write the
history row and the audit event, and tell whoever acts next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.calendar import add_working_days
from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.models import Organisation, User
from rencai.core.notifications import notify
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from .. import clock, permissions, workflow
from ..choices import Channel, RequestCategory, RequestState, Satisfaction
from ..errors import EngagementError
from ..models import ContactPairing, RequestEvent, TalentRequest

S = RequestState
AUDITED_FIELDS = [
    "state",
    "department",
    "target_working_days",
    "assigned_at",
    "response_due_on",
    "resolution_due_on",
    "responded_at",
    "answered_at",
    "answer",
    "due_on",
    "satisfaction",
    "resolved",
    "feedback_comment",
    "feedback_at",
    "reopen_count",
    "closed_at",
]


def request_link(request: TalentRequest) -> str:
    try:
        return reverse("engagement:request-detail", args=[request.pk])
    except NoReverseMatch:
        return ""


def _channel_of(actor, talent: Talent) -> str:
    if permissions.is_own(actor, talent):
        return Channel.TALENT
    if permissions.is_paired_leader(actor, talent):
        return Channel.LEADER
    if actor is not None and roles_of(actor).has(Role.WINDOW_CLERK):
        return Channel.CLERK
    return Channel.OFFICER


def _clean_department(department: Organisation) -> Organisation:
    if department.kind != OrganisationKind.DEPARTMENT or not department.is_active:
        message = _("Choose a government department.")
        raise DomainError(
            message, code=EngagementError.NOT_A_DEPARTMENT, fields={"department": [message]}
        )
    return department


def _history(request, *, actor, action: str, before: dict, from_state: str, note: str) -> None:
    RequestEvent.objects.create(
        request=request,
        from_state=from_state,
        to_state=request.state,
        actor=audit.acting_user(actor),
        note=(note or "")[:500],
        created_at=clock.now(),
    )
    changes = audit.diff(before, audit.snapshot(request, AUDITED_FIELDS))
    audit.record(actor, f"request.{action}", request, changes=changes)


def _notify_department(request: TalentRequest) -> None:
    officers = User.objects.filter(
        role_assignments__role=Role.DEPARTMENT_OFFICER,
        role_assignments__organisation_id=request.department_id,
        is_active=True,
    ).distinct()
    title = _("New request to handle: %(title)s") % {"title": request.title}
    for officer in officers:
        notify(title=title, link=request_link(request), user=officer, subject=request)


def _notify_talent(request: TalentRequest, title: str) -> None:
    talent = request.talent
    if talent.user_id:
        notify(title=title, link=request_link(request), user=talent.user, subject=talent)


def _start_assignment(request: TalentRequest, department: Organisation, target: int) -> None:
    today = clock.today()
    request.department = department
    request.target_working_days = target
    request.assigned_at = clock.now()
    request.response_due_on = add_working_days(today, workflow.RESPONSE_TARGET)
    request.resolution_due_on = add_working_days(today, target)
    request.due_on = request.response_due_on
    request.state = S.ASSIGNED


def _clean_target(target: int | None) -> int:
    target = target or workflow.DEFAULT_TARGET
    if not 1 <= target <= 60:
        message = _("A time target lies between 1 and 60 working days.")
        raise DomainError(message, fields={"target_working_days": [message]})
    return target


def raise_request(
    talent: Talent,
    *,
    actor,
    category: str,
    title: str,
    description: str = "",
    department: Organisation | None = None,
    target_working_days: int | None = None,
    channel: str | None = None,
) -> TalentRequest:
    """Record what a talent asks the city to solve; assigned at once when the department is
    named (its time target counted in working days from now), else waiting for the task
    force to assign it. The caller has checked the talent is visible to the actor."""
    if not permissions.can_raise(actor, talent):
        raise PermissionDenied(_("You may not record a request for this talent."))
    if category not in RequestCategory.values:
        message = _("Choose a category.")
        raise DomainError(message, fields={"category": [message]})
    title = (title or "").strip()
    if not title:
        message = _("Give the request a title.")
        raise DomainError(message, fields={"title": [message]})
    target = _clean_target(target_working_days)
    if department is not None:
        _clean_department(department)
    pairing = (
        ContactPairing.objects.filter(talent=talent, leader_id=actor.pk).order_by("-year").first()
        if actor is not None and permissions.is_paired_leader(actor, talent)
        else None
    )
    with transaction.atomic():
        request = TalentRequest(
            talent=talent,
            pairing=pairing,
            category=category,
            title=title[:100],
            description=(description or "").strip()[:2000],
            channel=channel if channel in Channel.values else _channel_of(actor, talent),
            raised_by=audit.acting_user(actor),
            raised_at=clock.now(),
            target_working_days=target,
            due_on=add_working_days(clock.today(), workflow.ASSIGN_TARGET),
        )
        if department is not None:
            _start_assignment(request, department, target)
        request.save()
        _history(request, actor=actor, action="raise", before={}, from_state="", note=title)
        if department is not None:
            _notify_department(request)
    return request


@contextmanager
def _changing(request: TalentRequest, *, actor, action: str, note: str = "") -> Iterator:
    with transaction.atomic():
        locked = (
            TalentRequest.objects.select_for_update(of=("self",))
            .select_related("talent", "department")
            .get(pk=request.pk)
        )
        workflow.check(locked.state, action)
        if not permissions.may(actor, locked, action):
            raise PermissionDenied(_("You may not do this to this request."))
        before, from_state = audit.snapshot(locked, AUDITED_FIELDS), locked.state
        yield locked
        locked.save(update_fields=[*AUDITED_FIELDS, "updated_at"])
        _history(
            locked, actor=actor, action=action, before=before, from_state=from_state, note=note
        )


def assign_request(
    request: TalentRequest,
    *,
    actor,
    department: Organisation,
    target_working_days: int | None = None,
    note: str = "",
) -> TalentRequest:
    """Name the responsible department (or hand the request to another one): the targets are
    counted again from today."""
    _clean_department(department)
    with _changing(request, actor=actor, action="assign", note=note) as locked:
        target = _clean_target(target_working_days or locked.target_working_days)
        _start_assignment(locked, department, target)
    _notify_department(locked)
    return locked


def respond_to_request(request: TalentRequest, *, actor, note: str = "") -> TalentRequest:
    """The department takes the request up (the response that the response rate measures)."""
    with _changing(request, actor=actor, action="respond", note=note) as locked:
        locked.state = S.IN_PROGRESS
        locked.responded_at = clock.now()
        locked.due_on = locked.resolution_due_on
    return locked


def answer_request(request: TalentRequest, *, actor, answer: str) -> TalentRequest:
    """The department answers: what was done. The talent's feedback closes or reopens it."""
    answer = (answer or "").strip()
    if not answer:
        message = _("Write the answer.")
        raise DomainError(message, fields={"answer": [message]})
    with _changing(request, actor=actor, action="answer", note=answer) as locked:
        locked.state = S.ANSWERED
        locked.answer = answer[:2000]
        locked.answered_at = clock.now()
        locked.due_on = None
    _notify_talent(locked, _("Your request has an answer: %(title)s") % {"title": locked.title})
    return locked


def give_feedback(
    request: TalentRequest,
    *,
    actor,
    satisfaction: str,
    resolved: bool,
    comment: str = "",
) -> TalentRequest:
    """The talent's feedback on the answer: satisfied or basically satisfied closes the
    request; not satisfied reopens it for the department, with a new (shorter) target."""
    if satisfaction not in Satisfaction.values:
        message = _("Choose how satisfied the talent is.")
        raise DomainError(message, fields={"satisfaction": [message]})
    comment = (comment or "").strip()
    if satisfaction == Satisfaction.NOT_SATISFIED and not comment:
        message = _("Say what is still missing.")
        raise DomainError(message, fields={"comment": [message]})
    with _changing(request, actor=actor, action="feedback", note=comment) as locked:
        locked.satisfaction = satisfaction
        locked.resolved = bool(resolved)
        locked.feedback_comment = comment[:500]
        locked.feedback_at = clock.now()
        if satisfaction == Satisfaction.NOT_SATISFIED:
            locked.state = S.REOPENED
            locked.reopen_count += 1
            locked.due_on = add_working_days(clock.today(), workflow.REOPEN_TARGET)
        else:
            locked.state = S.CLOSED
            locked.closed_at = clock.now()
    if locked.state == S.REOPENED:
        _notify_department(locked)
    return locked


def exclude_from_rates(request: TalentRequest, *, actor, reason: str) -> TalentRequest:
    """Leave a request out of the assessed rates (still in the full ones), with the reason:
    e.g. the talent asked for something outside any department's remit."""
    if not permissions.can_exclude(actor):
        raise PermissionDenied(_("Only the task force excludes a request from the rates."))
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason.")
        raise DomainError(
            message, code=EngagementError.REASON_REQUIRED, fields={"reason": [message]}
        )
    with transaction.atomic():
        locked = TalentRequest.objects.select_for_update().get(pk=request.pk)
        if locked.excluded:
            raise DomainError(
                _("The request is already excluded from the rates."),
                code=EngagementError.ALREADY_EXCLUDED,
            )
        locked.excluded = True
        locked.exclusion_reason = reason[:300]
        locked.excluded_by = audit.acting_user(actor)
        locked.excluded_at = clock.now()
        locked.save(update_fields=["excluded", "exclusion_reason", "excluded_by", "excluded_at"])
        audit.record(
            actor,
            "request.exclude",
            locked,
            changes={"excluded": [False, True], "reason": reason[:300]},
        )
    return locked


def local_date(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None
