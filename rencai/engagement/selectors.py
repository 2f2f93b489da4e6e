"""Reads of pairings, contact logs and requests: always scoped to the actor; out of scope
answers "not found".

Who sees what (ROLES.md): the task force everything; a county officer their county's talents'
pairings and requests; a contact leader their pairings, their logs and their paired talents'
requests (and those they recorded); a department officer the requests assigned to their
organisation; a window clerk the requests they recorded; a talent their own requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of

from . import workflow
from .choices import Satisfaction
from .models import ContactLog, ContactPairing, FiveOnesTick, TalentRequest

NOBODY = Q(pk__in=[])


def _combine(grants: list[Q]) -> Q:
    combined = NOBODY
    for grant in grants:
        combined |= grant
    return combined


def pairing_scope_q(actor, prefix: str = "") -> Q:
    """The pairings `actor` may see, as a Q on ContactPairing (or through `prefix`)."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOBODY
    if roles.has(Role.TASK_FORCE):
        return Q()
    grants: list[Q] = []
    counties = sorted(roles.division_ids(Role.COUNTY_OFFICER))
    if counties:
        grants.append(Q(**{f"{prefix}talent__county_id__in": counties}))
    if roles.has(Role.CONTACT_LEADER):
        grants.append(Q(**{f"{prefix}leader_id": actor.pk}))
    return _combine(grants)


def pairings_for_actor(actor) -> QuerySet[ContactPairing]:
    return ContactPairing.objects.filter(pairing_scope_q(actor)).select_related(
        "leader", "talent", "talent__county", "talent__employer"
    )


def get_pairing_for_actor(actor, pk) -> ContactPairing:
    try:
        return pairings_for_actor(actor).get(pk=pk)
    except (ContactPairing.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc


def logs_for_actor(actor) -> QuerySet[ContactLog]:
    return ContactLog.objects.filter(pairing_scope_q(actor, "pairing__")).select_related(
        "pairing", "pairing__leader", "pairing__talent"
    )


def request_scope_q(actor) -> Q:
    """The requests `actor` may see, as a Q on TalentRequest (the union of their roles)."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOBODY
    if roles.has(Role.TASK_FORCE):
        return Q()
    grants: list[Q] = []
    counties = sorted(roles.division_ids(Role.COUNTY_OFFICER))
    if counties:
        grants.append(Q(talent__county_id__in=counties))
    departments = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if departments:
        grants.append(Q(department_id__in=departments))
    if roles.has(Role.CONTACT_LEADER):
        paired = ContactPairing.objects.filter(leader_id=actor.pk).values("talent_id")
        grants.append(Q(talent_id__in=paired) | Q(raised_by_id=actor.pk))
    if roles.has(Role.WINDOW_CLERK):
        grants.append(Q(raised_by_id=actor.pk))
    if roles.has(Role.TALENT):
        grants.append(Q(talent__user_id=actor.pk))
    return _combine(grants)


def requests_for_actor(actor) -> QuerySet[TalentRequest]:
    return TalentRequest.objects.filter(request_scope_q(actor)).select_related(
        "talent", "department", "raised_by"
    )


def get_request_for_actor(actor, pk) -> TalentRequest:
    try:
        return requests_for_actor(actor).get(pk=pk)
    except (TalentRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc


def overdue_q(today: date) -> Q:
    """Open requests past the last day of their step's target (due before today)."""
    return Q(state__in=workflow.OPEN_STATES, due_on__lt=today)


@dataclass(frozen=True)
class RequestFilters:
    state: str = ""
    department: int | None = None
    category: str = ""
    overdue: bool | None = None
    talent: int | None = None
    county: int | None = None  # the talent's county
    raised_from: date | None = None  # days in Asia/Shanghai, both ends included
    raised_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    feedback_from: date | None = None  # the day of the latest feedback (the rates' records)
    feedback_to: date | None = None
    outcome: str = ""  # a rate's numerator: one of OUTCOMES


# A rate's drill-down lists the requests with a feedback (its denominator); these narrow them
# to its numerator's (figures.py says the same of each rate).
OUTCOMES: dict[str, Q] = {
    "satisfied": Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]),
    "not_satisfied": Q(satisfaction=Satisfaction.NOT_SATISFIED),
    "responded_in_time": Q(responded_at__date__lte=F("response_due_on")),
    "responded_late": ~Q(responded_at__date__lte=F("response_due_on")),
    "resolved": Q(resolved=True),
    "not_resolved": ~Q(resolved=True),
}


def with_feedback_q() -> Q:
    """The requests whose latest feedback stands: the rates' denominator."""
    return ~Q(satisfaction="") & Q(feedback_at__isnull=False)


def search_requests(actor, filters: RequestFilters, *, today: date) -> QuerySet[TalentRequest]:
    qs = requests_for_actor(actor)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.department is not None:
        qs = qs.filter(department_id=filters.department)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.talent is not None:
        qs = qs.filter(talent_id=filters.talent)
    if filters.county is not None:
        qs = qs.filter(talent__county_id=filters.county)
    for name, lookup in (
        ("raised_from", "raised_at__date__gte"),
        ("raised_to", "raised_at__date__lte"),
        ("closed_from", "closed_at__date__gte"),
        ("closed_to", "closed_at__date__lte"),
        ("feedback_from", "feedback_at__date__gte"),
        ("feedback_to", "feedback_at__date__lte"),
    ):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{lookup: getattr(filters, name)})
    if filters.feedback_from or filters.feedback_to or filters.outcome:
        qs = qs.filter(with_feedback_q())
    if filters.outcome in OUTCOMES:
        qs = qs.filter(OUTCOMES[filters.outcome])
    if filters.overdue is not None:
        late = overdue_q(today)
        qs = qs.filter(late) if filters.overdue else qs.exclude(late)
    return qs


def overdue_for_actor(actor, today: date) -> QuerySet[TalentRequest]:
    return requests_for_actor(actor).filter(overdue_q(today)).order_by("due_on", "pk")


def own_requests(actor) -> QuerySet[TalentRequest]:
    """The talent's own requests, newest first."""
    return requests_for_actor(actor).filter(talent__user_id=actor.pk)


def leader_pairings(actor, year: int) -> QuerySet[ContactPairing]:
    return pairings_for_actor(actor).filter(leader_id=actor.pk, year=year)


# --- the contact logs and five-ones ticks behind the figures ---------------------------------


@dataclass(frozen=True)
class ContactFilters:
    """Filters of the contact-log and five-ones lists (a figure's drill-down lands with them)."""

    county: int | None = None  # the paired talent's county
    date_from: date | None = None  # the day of the contact (or of the item done), both included
    date_to: date | None = None
    kind: str = ""  # contact logs: their kind
    item: str = ""  # five-ones ticks: the item's code


def search_logs(actor, filters: ContactFilters) -> QuerySet[ContactLog]:
    """The contact logs of the pairings the actor sees, filtered."""
    qs = logs_for_actor(actor).select_related("pairing__talent__county")
    if filters.county is not None:
        qs = qs.filter(pairing__talent__county_id=filters.county)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.date_from is not None:
        qs = qs.filter(happened_on__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(happened_on__lte=filters.date_to)
    return qs


def ticks_for_actor(actor) -> QuerySet[FiveOnesTick]:
    return FiveOnesTick.objects.filter(pairing_scope_q(actor, "pairing__")).select_related(
        "item", "pairing", "pairing__leader", "pairing__talent", "pairing__talent__county"
    )


def search_ticks(actor, filters: ContactFilters) -> QuerySet[FiveOnesTick]:
    """The five-ones items done in the pairings the actor sees, filtered."""
    qs = ticks_for_actor(actor)
    if filters.county is not None:
        qs = qs.filter(pairing__talent__county_id=filters.county)
    if filters.item:
        qs = qs.filter(item__code=filters.item)
    if filters.date_from is not None:
        qs = qs.filter(done_on__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(done_on__lte=filters.date_to)
    return qs
