"""Who may see and do what with loans: named predicates and the action → predicate table.

- A bank officer sees and works the loans applied for at their bank, and only those.
- The guarantee centre's officers review guarantees (and may record a default).
- A county's human-resources office sees its county's loans (the city's: all).
- The talent sees their own loans; a clerk the applications they filed.
"""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import DivisionLevel, Role
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of

HRSS = "hrss"
FILERS = frozenset(
    {
        Role.TALENT,
        Role.WINDOW_CLERK,
        Role.DEPARTMENT_OFFICER,
        Role.COUNTY_OFFICER,
        Role.BANK_OFFICER,
        Role.TASK_FORCE,
    }
)


def bank_ids(actor) -> set[int]:
    return roles_of(actor).organisation_ids(Role.BANK_OFFICER)


def department_ids(actor) -> set[int]:
    return roles_of(actor).organisation_ids(Role.DEPARTMENT_OFFICER)


def hrss_scope(actor) -> tuple[bool, set[int]]:
    """(city-wide, county division ids) of the human-resources offices the actor works in
    (derived once per request: a dashboard asks once per figure)."""
    city, counties = roles_of(actor).derived("finance.hrss_scope", lambda: _hrss_scope(actor))
    return city, set(counties)


def _hrss_scope(actor) -> tuple[bool, frozenset[int]]:
    ids = department_ids(actor)
    if not ids:
        return False, frozenset()
    offices = Organisation.objects.filter(pk__in=ids, code=HRSS).values_list(
        "division_id", "division__level"
    )
    city = any(level == DivisionLevel.CITY for _id, level in offices)
    return city, frozenset(pk for pk, level in offices if level != DivisionLevel.CITY)


def scope_q(actor) -> Q:
    """The loans `actor` may see, as a Q on Loan (nothing for anonymous users)."""
    roles = roles_of(actor)
    if not roles.scopes:
        return Q(pk__in=[])
    if roles.is_city_wide:
        return Q()
    q = Q(pk__in=[])
    if roles.has(Role.BANK_OFFICER):
        q |= Q(bank_id__in=bank_ids(actor))
    if roles.has(Role.DEPARTMENT_OFFICER):
        q |= Q(guarantor_id__in=department_ids(actor))
        city, counties = hrss_scope(actor)
        if city:
            return Q()
        q |= Q(county_id__in=counties)
    if roles.has(Role.COUNTY_OFFICER):
        q |= Q(county_id__in=roles.division_ids(Role.COUNTY_OFFICER))
    if roles.has(Role.TALENT):
        q |= Q(talent__user_id=actor.pk)
    if roles.has(Role.WINDOW_CLERK):
        q |= Q(created_by_id=actor.pk)
    return q


def is_bank_officer_of(actor, loan) -> bool:
    return loan.bank_id in bank_ids(actor)


def is_guarantor_of(actor, loan) -> bool:
    return loan.guarantor_id in department_ids(actor)


def is_applicant_side(actor, loan) -> bool:
    """The borrower, or whoever filed the application for them."""
    return (actor.pk is not None and loan.created_by_id == actor.pk) or (
        loan.talent.user_id is not None and loan.talent.user_id == actor.pk
    )


def can_file(actor) -> bool:
    return roles_of(actor).has(*FILERS)


def can_reject(actor, loan) -> bool:
    return is_bank_officer_of(actor, loan) or (
        loan.state == "documents" and is_guarantor_of(actor, loan)
    )


ACTION_PREDICATES = {
    "check_documents": is_bank_officer_of,
    "approve_guarantee": is_guarantor_of,
    "approve": is_bank_officer_of,
    "reject": can_reject,
    "sign_contract": is_bank_officer_of,
    "disburse": is_bank_officer_of,
    "repay": is_bank_officer_of,
    "record_default": lambda actor, loan: (
        is_bank_officer_of(actor, loan) or is_guarantor_of(actor, loan)
    ),
    "withdraw": is_applicant_side,
    "record_overdue": is_bank_officer_of,
    "extend": is_bank_officer_of,
}


def may(actor, loan, action: str) -> bool:
    if actor is None:  # the system (demo loader, jobs) acts for whoever may
        return True
    predicate = ACTION_PREDICATES.get(action)
    return bool(predicate and predicate(actor, loan))


def can_reveal(actor, loan) -> bool:
    """A bank officer may reveal the identity number on their bank's applications."""
    return is_bank_officer_of(actor, loan) or roles_of(actor).has(Role.TASK_FORCE, Role.CITY_ADMIN)


def can_see_claims(actor) -> bool:
    roles = roles_of(actor)
    return roles.has(Role.BANK_OFFICER, Role.TASK_FORCE, Role.CITY_ADMIN) or bool(
        hrss_scope(actor)[0]
    )
