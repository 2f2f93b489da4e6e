"""Writes of children's schooling: one function per use case — permission check, one
transaction, the case event, the audit event, the talent told.

A request evaluates the schooling benefit's rule (the policy pack's evaluator) for the talent,
records the child's entitlement through `policies` (pending; granted once enrolled, rejected
if not placed) and opens the case at the education office responsible for the talent's
county. The entitlement's partial unique index (one live per beneficiary and benefit) and the
case's own (one live per child and stage) make a double request produce one case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.calendar import add_working_days
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from rencai.core.models import Division, Organisation, User
from rencai.core.notifications import notify
from rencai.desk.eligibility import check_eligibility, refuse_unless_eligible
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import EntitlementSource, EntitlementState
from rencai.policies.models import Benefit
from rencai.policies.services.entitlements import record_entitlement, transition_entitlement
from rencai.talents.choices import Relation
from rencai.talents.models import FamilyMember, Talent

from . import clock, permissions, workflow
from .choices import EnrolmentState, Stage
from .errors import SchoolingError
from .models import EnrolmentCase, EnrolmentEvent

E = EnrolmentState
BENEFIT_CODE = "children_schooling"
EDUCATION_CODE = "education"
MAX_PREFERENCES = 3
AUDITED_FIELDS = [
    "state",
    "assigned_school",
    "officer",
    "reason",
    "note",
    "reviewed_at",
    "assigned_at",
    "enrolled_on",
    "closed_at",
    "due_on",
]


def schooling_benefit() -> Benefit:
    """The catalogue's schooling benefit, which this app delivers."""
    benefit = Benefit.objects.filter(code=BENEFIT_CODE, is_active=True).first()
    if benefit is None:
        raise DomainError(
            _("Schooling follow-up is not offered at present."),
            code=SchoolingError.SERVICE_UNAVAILABLE,
        )
    return benefit


def education_office_for(county: Division) -> Organisation:
    """The county's education bureau, or the city's where the county has none."""
    offices = Organisation.objects.filter(
        kind=OrganisationKind.DEPARTMENT, code=EDUCATION_CODE, is_active=True
    )
    office = offices.filter(division=county).first()
    if office is None:
        office = (
            offices.filter(division__level=DivisionLevel.CITY)
            .order_by("division__code", "pk")
            .first()
        )
    if office is None:
        raise DomainError(
            _("No education office is set up to follow this case."),
            code=SchoolingError.NO_EDUCATION_OFFICE,
        )
    return office


def _clean_child(talent: Talent, child: FamilyMember) -> None:
    if child.talent_id != talent.pk or child.relation != Relation.CHILD:
        message = _("Choose one of the talent's children.")
        raise DomainError(message, code=SchoolingError.NOT_A_CHILD, fields={"child": [message]})


def _clean_preferences(schools: Iterable[Organisation]) -> list[Organisation]:
    chosen = list(dict.fromkeys(schools))
    wrong = [s for s in chosen if s.kind != OrganisationKind.SCHOOL or not s.is_active]
    if wrong or len(chosen) > MAX_PREFERENCES:
        message = _("Choose at most %(n)s schools.") % {"n": MAX_PREFERENCES}
        raise DomainError(
            message, code=SchoolingError.INVALID_SCHOOL, fields={"preferred_schools": [message]}
        )
    return chosen


def _person(actor):
    return actor if actor is not None and actor.is_authenticated else None


def case_link(case: EnrolmentCase) -> str:
    try:
        return reverse("schooling:case-detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def _notify_talent(case: EnrolmentCase, note: str = "") -> None:
    talent = case.talent
    notify(
        title=_("Schooling of %(child)s: %(state)s")
        % {"child": case.child.name, "state": E(case.state).label},
        body=note or "",
        link=case_link(case),
        user=talent.user,
        subject=talent,
        mobile=talent.mobile,
    )


def _notify_office(case: EnrolmentCase) -> None:
    """Tell the office's officers (in-app) that a request is waiting for them."""
    officers = User.objects.filter(
        role_assignments__role=Role.DEPARTMENT_OFFICER,
        role_assignments__organisation_id=case.education_office_id,
        is_active=True,
    ).distinct()
    title = _("New schooling request: %(child)s, %(stage)s") % {
        "child": case.child.name,
        "stage": Stage(case.stage).label,
    }
    for officer in officers:
        notify(title=title, link=case_link(case), user=officer, subject=case)


def _record(case, *, actor, action: str, before: dict, from_state: str, note: str = "") -> None:
    EnrolmentEvent.objects.create(
        case=case,
        from_state=from_state,
        to_state=case.state,
        actor=_person(actor),
        note=(note or "")[:300],
        created_at=clock.now(),
    )
    changes = audit.diff(before, audit.snapshot(case, AUDITED_FIELDS))
    audit.record(actor, f"enrolment.{action}", case, changes=changes)
    _notify_talent(case, note)


def request_enrolment(
    talent: Talent,
    child: FamilyMember,
    *,
    actor,
    stage: str,
    school_year: int | None = None,
    preferred_schools: Iterable[Organisation] = (),
    confirmed: Iterable[str] = (),
    note: str = "",
) -> EnrolmentCase:
    """The talent asks follow-up for one child's enrolment at `stage`.

    The schooling benefit's rule decides, with the reasons when it refuses (400); a live
    case or entitlement for the child answers 409.
    """
    if not permissions.can_request(actor, talent):
        raise PermissionDenied(_("You may request schooling only for your own children."))
    _clean_child(talent, child)
    if stage not in Stage.values:
        message = _("Choose a stage.")
        raise DomainError(message, fields={"stage": [message]})
    schools = _clean_preferences(preferred_schools)
    benefit = schooling_benefit()
    now, today = clock.now(), clock.today()
    version = policy_selectors.current_version(benefit, today)
    if version is None:
        raise DomainError(
            _("Schooling follow-up is not offered at present."),
            code=SchoolingError.SERVICE_UNAVAILABLE,
        )
    result = check_eligibility(talent, version, on=today, confirmed=confirmed)
    refuse_unless_eligible(result, submitting=True)
    office = education_office_for(talent.county)
    try:
        with transaction.atomic():
            entitlement = record_entitlement(
                talent,
                benefit,
                actor=None,  # the service checked the talent; the entitlement is the system's
                source=EntitlementSource.DESK,
                explanation=result.explanation,
                beneficiary=child,
                note=_("Schooling of %(child)s") % {"child": child.name},
            )
            case = EnrolmentCase.objects.create(
                talent=talent,
                child=child,
                entitlement=entitlement,
                stage=stage,
                school_year=school_year or _school_year(today),
                education_office=office,
                county=talent.county,
                note=(note or "").strip()[:300],
                explanation=result.to_dict(),
                requested_at=now,
                due_on=add_working_days(today, workflow.TARGETS[E.REQUESTED]),
                placement_due_on=add_working_days(today, workflow.PLACEMENT_TARGET),
                requested_by=_person(actor),
            )
            case.preferred_schools.set(schools)
            _record(case, actor=actor, action="request", before={}, from_state="", note=note)
            _notify_office(case)
    except (Conflict, IntegrityError):
        raise Conflict(
            _("%(child)s already has a schooling case.") % {"child": child.name},
            code=SchoolingError.DUPLICATE,
        ) from None
    return case


def _school_year(today: date) -> int:
    """The next intake: this September until the end of August, next September after."""
    return today.year + 1 if today.month >= 9 else today.year


@contextmanager
def _changing(case: EnrolmentCase, *, actor, action: str, note: str = "") -> Iterator:
    """Every transition's frame: lock, refuse an illegal or forbidden action, let the block
    change the case, then save it and write the event, the audit entry and the notice."""
    with transaction.atomic():
        locked = (
            EnrolmentCase.objects.select_for_update(of=("self",))
            .select_related("talent", "child", "education_office", "entitlement")
            .get(pk=case.pk)
        )
        workflow.check(locked.state, action)
        if not permissions.may(actor, locked, action):
            raise PermissionDenied(_("You may not do this to this case."))
        before, from_state = audit.snapshot(locked, AUDITED_FIELDS), locked.state
        locked.state = workflow.ACTIONS[action]
        yield locked
        locked.save(update_fields=[*AUDITED_FIELDS, "updated_at"])
        _record(locked, actor=actor, action=action, before=before, from_state=from_state, note=note)


def review_case(case: EnrolmentCase, *, actor, note: str = "") -> EnrolmentCase:
    """The education office has checked the request: it now looks for a school."""
    with _changing(case, actor=actor, action="review", note=note) as locked:
        locked.reviewed_at = clock.now()
        locked.officer = _person(actor)
        locked.due_on = add_working_days(clock.today(), workflow.TARGETS[E.REVIEWED])
        if note:
            locked.note = note.strip()[:300]
    return locked


def schools_for(case: EnrolmentCase):
    """The schools the case's office may assign: its own division's and the city's."""
    office = case.education_office
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True)
    if office.division.level != DivisionLevel.CITY:
        schools = schools.filter(
            division_id__in=[office.division_id, office.division.parent_id or office.division_id]
        )
    return schools.select_related("division").order_by("division__code", "name")


def assign_school(
    case: EnrolmentCase, *, actor, school: Organisation, note: str = ""
) -> EnrolmentCase:
    """A school has agreed to take the child: its contact will record the enrolment."""
    with _changing(case, actor=actor, action="assign", note=note) as locked:
        if not schools_for(locked).filter(pk=school.pk).exists():
            message = _("Choose a school this education office may assign.")
            raise DomainError(
                message, code=SchoolingError.INVALID_SCHOOL, fields={"school": [message]}
            )
        locked.assigned_school = school
        locked.assigned_at = clock.now()
        locked.due_on = add_working_days(clock.today(), workflow.TARGETS[E.ASSIGNED])
    return locked


def _close(locked: EnrolmentCase, to_state: str, *, on: date) -> None:
    locked.closed_at = clock.now()
    locked.due_on = None
    try:
        transition_entitlement(
            locked.entitlement,
            actor=None,
            to_state=to_state,
            on=on,
            note=_("Enrolment case #%(id)s") % {"id": locked.pk},
        )
    except ValidationError as exc:  # changed outside schooling (e.g. withdrawn by an officer)
        raise Conflict(
            _("The case's entitlement was changed elsewhere: %(why)s")
            % {"why": " ".join(exc.messages)},
            code="entitlement_changed",
        ) from None


def enrol_child(
    case: EnrolmentCase, *, actor, on: date | None = None, note: str = ""
) -> EnrolmentCase:
    """The child is enrolled at the assigned school (recorded by the school or the office)."""
    today = clock.today()
    on = on or today
    with _changing(case, actor=actor, action="enrol", note=note) as locked:
        assigned = timezone.localtime(locked.assigned_at).date() if locked.assigned_at else None
        if on > today or (assigned and on < assigned):
            message = _("The enrolment date must be between the assignment and today.")
            raise DomainError(
                message, code=SchoolingError.INVALID_DATE, fields={"enrolled_on": [message]}
            )
        locked.enrolled_on = on
        _close(locked, EntitlementState.GRANTED, on=on)
    return locked


def close_not_placed(case: EnrolmentCase, *, actor, reason: str) -> EnrolmentCase:
    """The office could not place the child: the case closes with the reason given."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason.")
        raise DomainError(
            message, code=SchoolingError.REASON_REQUIRED, fields={"reason": [message]}
        )
    with _changing(case, actor=actor, action="not_place", note=reason) as locked:
        locked.reason = reason[:300]
        _close(locked, EntitlementState.REJECTED, on=clock.today())
    return locked


def get_child(talent: Talent, pk) -> FamilyMember:
    try:
        return talent.family.get(pk=pk, relation=Relation.CHILD)
    except (FamilyMember.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc
