"""Reads of cases, payments and documents: always scoped to the actor.

Who sees which cases (ROLES.md): the task force every case; a department officer the cases
routed to their department, and those of benefits their department pays or decides a step
of; a county officer their county's; a window clerk the cases they opened; a talent their own.
Out of scope answers "not found", like missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core.calendar import add_working_days
from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.policies.choices import Periodicity
from rencai.policies.models import Benefit

from . import workflow
from .models import Application, ApplicationDocument, ApprovalStep, Disbursement

NOBODY = Q(pk__in=[])


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


def scope_q(actor) -> Q:
    """The cases `actor` may see, as a Q on Application (the union of their roles)."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOBODY
    if roles.has(Role.TASK_FORCE):
        return Q()
    grants: list[Q] = []
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if departments:
        decides = ApprovalStep.objects.filter(
            benefit_id=OuterRef("benefit_id"), organisation_id__in=departments
        )
        grants.append(
            Q(department_id__in=departments)
            | Q(benefit__paying_department_id__in=departments)
            | Q(Exists(decides))
        )
    counties = sorted(roles.division_ids(Role.COUNTY_OFFICER))
    if counties:
        grants.append(Q(county_id__in=counties))
    if roles.has(Role.WINDOW_CLERK):
        grants.append(Q(clerk_id=actor.pk))
    if roles.has(Role.TALENT):
        grants.append(Q(talent__user_id=actor.pk))
    if not grants:
        return NOBODY
    combined = grants[0]
    for grant in grants[1:]:
        combined |= grant
    return combined


def applications_for_actor(actor) -> QuerySet[Application]:
    return Application.objects.filter(scope_q(actor)).select_related(
        "talent",
        "benefit",
        "benefit__owning_department",
        "benefit__paying_department",
        "version",
        "department",
        "county",
        "service_point",
        "clerk",
    )


def get_application_for_actor(actor, pk) -> Application:
    """The case, if the actor may see it; "not found" alike for missing and forbidden."""
    try:
        return applications_for_actor(actor).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


@dataclass(frozen=True)
class ApplicationFilters:
    """The queue and list filters: every field optional, all applied together."""

    state: str = ""
    benefit: int | None = None
    department: int | None = None
    county: int | None = None
    channel: str = ""
    service_point: int | None = None
    talent: int | None = None
    overdue: bool | None = None


def overdue_q(now: datetime) -> Q:
    return Q(state__in=workflow.OPEN_STATES, due_at__lt=now)


def search_applications(
    actor, filters: ApplicationFilters, *, now: datetime | None = None
) -> QuerySet[Application]:
    qs = applications_for_actor(actor)
    for name in ("state", "channel"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    for name in ("benefit", "department", "county", "service_point", "talent"):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{f"{name}_id": getattr(filters, name)})
    if filters.overdue is not None:
        late = overdue_q(now or timezone.now())
        qs = qs.filter(late) if filters.overdue else qs.exclude(late)
    return qs


def application_by_idempotency_key(actor, key: str) -> Application | None:
    """The case this user already created with this `Idempotency-Key`, if any."""
    if not key or actor is None or not actor.is_authenticated:
        return None
    return applications_for_actor(actor).filter(created_by=actor, idempotency_key=key).first()


# --- the queue ----------------------------------------------------------------------------


@dataclass
class Queue:
    """Open cases (submitted or accepted) by urgency, each list soonest due first."""

    overdue: list[Application] = field(default_factory=list)
    due_soon: list[Application] = field(default_factory=list)
    later: list[Application] = field(default_factory=list)
    no_target: list[Application] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later) + len(self.no_target)


def soon_until(now: datetime) -> datetime:
    """The end of the next working day after `now`'s date: "due soon" is before this."""
    today = timezone.localtime(now).date()
    last: date = add_working_days(today, 1)
    return timezone.make_aware(datetime.combine(last, time.max))


def queue_for_actor(actor, *, department: int | None = None, now=None) -> Queue:
    """A department's queue (or every open case the actor sees): overdue, due soon, later."""
    now = now or timezone.now()
    qs = applications_for_actor(actor).filter(state__in=workflow.OPEN_STATES)
    if department is not None:
        qs = qs.filter(department_id=department)
    horizon = soon_until(now)
    queue = Queue()
    for case in qs.order_by("due_at", "id"):
        if case.due_at is None:
            queue.no_target.append(case)
        elif case.due_at < now:
            queue.overdue.append(case)
        elif case.due_at <= horizon:
            queue.due_soon.append(case)
        else:
            queue.later.append(case)
    return queue


# --- history, documents, payments ---------------------------------------------------------


def case_history(application: Application):
    """The case's events, oldest first, with who did them."""
    return application.events.select_related("actor").order_by("created_at", "id")


def step_approvals(application: Application):
    return application.approvals.select_related("organisation", "decided_by").order_by("order")


def get_document_for_actor(actor, application_pk, code: str) -> ApplicationDocument:
    """An uploaded document of a case the actor may see; "not found" otherwise."""
    application = get_application_for_actor(actor, application_pk)
    document = application.documents.filter(code=code).exclude(file="").first()
    if document is None:
        raise _not_found()
    return document


def disbursements_for_actor(actor) -> QuerySet[Disbursement]:
    visible = Application.objects.filter(scope_q(actor)).values("pk")
    return Disbursement.objects.filter(application__in=visible).select_related(
        "application",
        "application__talent",
        "application__benefit",
        "paying_department",
        "recorded_by",
    )


def get_disbursement_for_actor(actor, pk) -> Disbursement:
    try:
        return disbursements_for_actor(actor).get(pk=pk)
    except (Disbursement.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


@dataclass(frozen=True)
class LedgerFilters:
    date_from: date | None = None
    date_to: date | None = None
    department: int | None = None
    benefit: int | None = None


def ledger(actor, filters: LedgerFilters | None = None) -> QuerySet[Disbursement]:
    """Payments for finance, oldest first (the order of a ledger)."""
    filters = filters or LedgerFilters()
    qs = disbursements_for_actor(actor)
    if filters.date_from:
        qs = qs.filter(paid_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(paid_on__lte=filters.date_to)
    if filters.department is not None:
        qs = qs.filter(paying_department_id=filters.department)
    if filters.benefit is not None:
        qs = qs.filter(application__benefit_id=filters.benefit)
    return qs.order_by("paid_on", "id")


# --- instalments ------------------------------------------------------------------------------


def instalments_of(benefit: Benefit) -> int:
    """How many payments a case of `benefit` makes: the months of a monthly benefit, else 1."""
    return (benefit.months or 1) if benefit.periodicity == Periodicity.MONTHLY else 1


def instalments_paid(application: Application) -> set[int]:
    return set(application.disbursements.values_list("instalment", flat=True))


def instalments_left(application: Application) -> list[int]:
    """The instalments not yet paid, in order (one-off: [1] until paid)."""
    if not application.amount_fen:
        return []
    paid = instalments_paid(application)
    total = instalments_of(application.benefit)
    return [n for n in range(1, total + 1) if n not in paid]
