"""Reads of enrolment cases: always scoped to the actor; out of scope answers "not found".

Who sees which cases (ROLES.md): the task force every case; an education officer the cases
routed to their office; a county officer their county's; a school contact the cases assigned
to their school; a talent their own children's.
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
from .models import EnrolmentCase

NOBODY = Q(pk__in=[])


def scope_q(actor) -> Q:
    """The cases `actor` may see, as a Q on EnrolmentCase (the union of their roles)."""
    roles = roles_of(actor)
    if not roles.scopes:
        return NOBODY
    if roles.has(Role.TASK_FORCE):
        return Q()
    grants: list[Q] = []
    offices = sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER))
    if offices:
        grants.append(Q(education_office_id__in=offices))
    counties = sorted(roles.division_ids(Role.COUNTY_OFFICER))
    if counties:
        grants.append(Q(county_id__in=counties))
    schools = sorted(roles.organisation_ids(Role.SCHOOL_CONTACT))
    if schools:
        grants.append(Q(assigned_school_id__in=schools))
    if roles.has(Role.TALENT):
        grants.append(Q(talent__user_id=actor.pk))
    combined = NOBODY
    for grant in grants:
        combined |= grant
    return combined


def cases_for_actor(actor) -> QuerySet[EnrolmentCase]:
    return EnrolmentCase.objects.filter(scope_q(actor)).select_related(
        "talent", "child", "education_office", "county", "assigned_school", "officer"
    )


def get_case_for_actor(actor, pk) -> EnrolmentCase:
    """The case, if the actor may see it; "not found" alike for missing and forbidden."""
    try:
        return cases_for_actor(actor).get(pk=pk)
    except (EnrolmentCase.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc


def overdue_q(today: date) -> Q:
    """Open cases past the last day of their step's target (due on a day before today)."""
    return Q(state__in=workflow.OPEN_STATES, due_on__lt=today)


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    stage: str = ""
    county: int | None = None
    school: int | None = None
    overdue: bool | None = None
    requested_from: date | None = None  # days in Asia/Shanghai, both ends included
    requested_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None


def search_cases(actor, filters: CaseFilters, *, today: date) -> QuerySet[EnrolmentCase]:
    qs = cases_for_actor(actor)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.county is not None:
        qs = qs.filter(county_id=filters.county)
    if filters.school is not None:
        qs = qs.filter(assigned_school_id=filters.school)
    for name, lookup in (
        ("requested_from", "requested_at__date__gte"),
        ("requested_to", "requested_at__date__lte"),
        ("closed_from", "closed_at__date__gte"),
        ("closed_to", "closed_at__date__lte"),
    ):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{lookup: getattr(filters, name)})
    if filters.overdue is not None:
        late = overdue_q(today)
        qs = qs.filter(late) if filters.overdue else qs.exclude(late)
    return qs


def overdue_for_actor(actor, today: date) -> QuerySet[EnrolmentCase]:
    return cases_for_actor(actor).filter(overdue_q(today)).order_by("due_on", "pk")


def waiting_at_school(actor) -> QuerySet[EnrolmentCase]:
    """Cases assigned to the actor's schools, waiting for the enrolment to be recorded."""
    schools = sorted(roles_of(actor).organisation_ids(Role.SCHOOL_CONTACT))
    return (
        cases_for_actor(actor)
        .filter(assigned_school_id__in=schools, state=workflow.E.ASSIGNED)
        .order_by("due_on", "pk")
    )


def children_cases(actor) -> QuerySet[EnrolmentCase]:
    """The talent's own children's cases, newest first."""
    return cases_for_actor(actor).filter(talent__user_id=actor.pk)
