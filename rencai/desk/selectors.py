"""Reads of cases, payments, documents, budgets and the handling-time report: scoped to the
actor. The services write; they read through here.

Who sees which cases (ROLES.md): the task force every case; a department officer the cases
routed to their department, and those of benefits their department pays or decides a step
of; a county officer their county's; a window clerk the cases they opened; a talent their own.
Out of scope answers "not found", like missing.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.calendar import add_working_days
from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import NotFound, PermissionDenied
from rencai.core.permissions import roles_of
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.models import Benefit, Entitlement
from rencai.talents.models import Talent

from . import permissions, timing, workflow
from .choices import DECIDED_STATES, ApplicationState
from .models import (
    Application,
    ApplicationDocument,
    ApprovalStep,
    Budget,
    Disbursement,
    ServicePointEntry,
)
from .timing import measure, within_target

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
    number: str = ""
    opened_from: date | None = None  # the day the case was opened (Asia/Shanghai), both ends in
    opened_to: date | None = None
    # the cases a desk figure counts: decided (in a DECIDED_STATE, with its decision's time),
    # within [decided_from, decided_to]; `decision` narrows them (DECISION_FILTERS)
    decision: str = ""
    decided_from: date | None = None
    decided_to: date | None = None


DECIDED, WITH_TARGET, IN_TIME, LATE = "decided", "with_target", "in_time", "late"
DECISION_FILTERS = {
    DECIDED: Q(state__in=DECIDED_STATES, decided_at__isnull=False),
    WITH_TARGET: Q(state__in=DECIDED_STATES, decided_at__isnull=False, due_at__isnull=False),
    IN_TIME: Q(state__in=DECIDED_STATES, due_at__isnull=False, decided_at__lte=F("due_at")),
    LATE: Q(state__in=DECIDED_STATES, due_at__isnull=False, decided_at__gt=F("due_at")),
}


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


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
    if filters.number:
        qs = qs.filter(number__iexact=filters.number)
    if filters.opened_from is not None:
        qs = qs.filter(created_at__gte=_day_start(filters.opened_from))
    if filters.opened_to is not None:
        qs = qs.filter(created_at__lt=_day_start(filters.opened_to + timedelta(days=1)))
    if filters.decision in DECISION_FILTERS:
        qs = qs.filter(DECISION_FILTERS[filters.decision])
    if filters.decided_from is not None:
        qs = qs.filter(decided_at__gte=_day_start(filters.decided_from))
    if filters.decided_to is not None:
        qs = qs.filter(decided_at__lt=_day_start(filters.decided_to + timedelta(days=1)))
    if filters.overdue is not None:
        late = overdue_q(now or clock.now())
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
    due_this_week: int = 0  # not overdue, due by the end of Sunday
    late_by: dict[int, int] = field(default_factory=dict)  # overdue case → working days late

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
    now = now or clock.now()
    qs = applications_for_actor(actor).filter(state__in=workflow.OPEN_STATES)
    if department is not None:
        qs = qs.filter(department_id=department)
    horizon = soon_until(now)
    week_end = timing.end_of_week(now)
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
        if case.due_at is not None and now <= case.due_at <= week_end:
            queue.due_this_week += 1
    queue.late_by = timing.working_days_late(queue.overdue, now)
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
    scope = scope_q(actor)
    payments = Disbursement.objects.all()
    if scope != Q():  # the whole city (task force): no `IN (every case)` to hash
        payments = payments.filter(application__in=Application.objects.filter(scope).values("pk"))
    return payments.select_related(
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
    county: int | None = None  # the county recorded on the case


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
    if filters.county is not None:
        qs = qs.filter(application__county_id=filters.county)
    return qs.order_by("paid_on", "id")


# --- documents ----------------------------------------------------------------------------


def document_code(name: str) -> str:
    """A stable slug for a checklist entry (names are Chinese): d- and 8 hex digits."""
    return "d-" + hashlib.sha256(name.strip().encode()).hexdigest()[:8]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name: str
    document: ApplicationDocument | None

    @property
    def seen_original(self) -> bool:
        return bool(self.document and self.document.seen_original)

    @property
    def uploaded(self) -> bool:
        return bool(self.document and self.document.file)

    @property
    def done(self) -> bool:
        return self.seen_original or self.uploaded


def checklist(application: Application) -> list[ChecklistItem]:
    """The benefit's documents, each with what the case holds for it."""
    held = {doc.code: doc for doc in application.documents.all()}
    items = []
    for name in application.benefit.documents or []:
        code = document_code(str(name))
        items.append(ChecklistItem(code, str(name), held.get(code)))
    return items


def missing_documents(application: Application) -> list[str]:
    return [item.name for item in checklist(application) if not item.done]


# --- opening and outreach -----------------------------------------------------------------


def existing_case(talent: Talent, benefit: Benefit) -> Application | None:
    """The live case blocking a new one for this benefit (or its exclusivity group)."""
    match = Q(benefit=benefit)
    if benefit.exclusivity_group:
        match |= Q(exclusivity_group=benefit.exclusivity_group)
    entitlement = Entitlement.objects.live().filter(match, talent=talent).first()
    if entitlement is None:
        return None
    return Application.objects.select_related("benefit").filter(entitlement=entitlement).first()


def pending_without_case(benefit: Benefit):
    """Outreach's pending entitlements of `benefit` that have no case yet."""
    return (
        Entitlement.objects.filter(
            benefit=benefit,
            state=EntitlementState.PENDING,
            source=EntitlementSource.OUTREACH,
            application__isnull=True,
        )
        .select_related("talent", "version", "version__benefit")
        .order_by("pk")
    )


# --- budgets ------------------------------------------------------------------------------


def budgets_for_actor(actor, *, year: int | None = None) -> QuerySet[Budget]:
    """Budgets the actor may see: all for the task force; a department's own (paying or
    owning) for its officers."""
    roles = roles_of(actor)
    qs = Budget.objects.select_related("benefit", "department")
    if year is not None:
        qs = qs.filter(year=year)
    if roles.has(Role.TASK_FORCE):
        return qs
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if not departments:
        return qs.none()
    return qs.filter(
        Q(department_id__in=departments) | Q(benefit__owning_department_id__in=departments)
    )


# --- the handling-time report -------------------------------------------------------------


def percentile(values: Iterable[Decimal], p: int) -> Decimal | None:
    """The p-th percentile by the nearest-rank method (None for no values)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ReportRow:
    """Handling-time figures of one group of decided cases (one unit of measure)."""

    key: int | None
    label: str
    unit: str
    target: int | None
    count: int
    median: Decimal | None
    p90: Decimal | None
    within_target: int
    with_target: int

    @property
    def share_within_target(self) -> Decimal | None:
        """Cases within target / cases with a target, as a fraction (None without targets)."""
        if not self.with_target:
            return None
        return Decimal(self.within_target) / Decimal(self.with_target)


@dataclass(frozen=True)
class HandlingReport:
    by_benefit: list[ReportRow]
    by_service_point: list[ReportRow]


def _row(key, label, unit, target, cases: list[tuple[Decimal, bool | None]]) -> ReportRow:
    values = [value for value, _ in cases]
    judged = [ok for _, ok in cases if ok is not None]
    return ReportRow(
        key=key,
        label=label,
        unit=unit,
        target=target,
        count=len(values),
        median=statistics.median(values) if values else None,
        p90=percentile(values, 90),
        within_target=sum(judged),
        with_target=len(judged),
    )


def report_of(applications: QuerySet[Application]) -> HandlingReport:
    """Figures over the decided cases of `applications` (approved or rejected, and later)."""
    decided = applications.filter(decided_at__isnull=False).select_related(
        "benefit", "service_point"
    )
    benefits: dict[int, list] = defaultdict(list)
    points: dict[tuple[int | None, str], list] = defaultdict(list)
    names: dict[int, Benefit] = {}
    point_names: dict[int | None, str] = {None: str(_("Online and without application"))}
    for case in decided.order_by("id"):
        value = measure(case, case.handling_seconds, case.handling_working_days)
        if value is None:
            continue
        ok = within_target(case.benefit, case.handling_seconds, case.handling_working_days)
        benefits[case.benefit_id].append((value, ok))
        names[case.benefit_id] = case.benefit
        points[(case.service_point_id, case.benefit.time_unit)].append((value, ok))
        if case.service_point_id is not None:
            point_names[case.service_point_id] = case.service_point.name
    by_benefit = [
        _row(pk, names[pk].name, names[pk].time_unit, names[pk].time_target, cases)
        for pk, cases in sorted(benefits.items(), key=lambda item: names[item[0]].name)
    ]
    by_point = [
        _row(pk, point_names[pk], unit, None, cases)
        for (pk, unit), cases in sorted(
            points.items(),
            key=lambda item: (item[0][0] is None, point_names[item[0][0]], item[0][1]),
        )
    ]
    return HandlingReport(by_benefit, by_point)


def handling_report(
    actor,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    benefit: int | None = None,
) -> HandlingReport:
    """The handling-time report over the cases the actor sees, decided between the dates."""
    if not permissions.can_view_reports(actor):
        raise PermissionDenied(_("You may not see handling-time reports."))
    qs = applications_for_actor(actor).exclude(state=ApplicationState.WITHDRAWN)
    if date_from:
        qs = qs.filter(decided_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(decided_at__date__lte=date_to)
    if benefit is not None:
        qs = qs.filter(benefit_id=benefit)
    return report_of(qs)


# --- the service network ------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    county: int | None = None  # the division the point is in
    need: str = ""  # a benefit's code, or one of the services points list


def directory(filters: DirectoryFilters | None = None) -> list[ServicePointEntry]:
    """The service points of the directory (active ones with an entry), by county and name,
    filtered by where they are and by what the person needs."""
    filters = filters or DirectoryFilters()
    qs = (
        ServicePointEntry.objects.filter(
            organisation__kind=OrganisationKind.SERVICE_POINT, organisation__is_active=True
        )
        .select_related("organisation", "organisation__division")
        .prefetch_related("benefits")
        .order_by("organisation__division__code", "organisation__name")
    )
    if filters.county is not None:
        qs = qs.filter(organisation__division_id=filters.county)
    entries = list(qs)
    if filters.need:
        entries = [
            entry
            for entry in entries
            if filters.need in entry.services
            or any(b.code == filters.need for b in entry.benefits.all())
        ]
    return entries


def directory_needs() -> list[tuple[str, str]]:
    """What a person can look for: the benefits points handle (code, name), then the other
    services they list (text, text)."""
    benefits = (
        Benefit.objects.filter(service_point_entries__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )
    services = sorted(
        {s for entry in ServicePointEntry.objects.only("services") for s in entry.services}
    )
    return [*benefits, *((s, s) for s in services)]


def get_directory_entry(organisation_pk) -> ServicePointEntry:
    try:
        return ServicePointEntry.objects.select_related("organisation__division").get(
            organisation_id=organisation_pk,
            organisation__kind=OrganisationKind.SERVICE_POINT,
        )
    except (ServicePointEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc
