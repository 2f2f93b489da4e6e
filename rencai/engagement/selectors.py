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

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of

from . import workflow
from .models import ContactLog, ContactPairing, TalentRequest

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
    ):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{lookup: getattr(filters, name)})
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
