"""Desk test helpers: a benefit with a simple rule, people in their roles, a served talent.

housing = make_department("housing")
benefit = make_desk_benefit(owning_department=housing)     # master's degree → ¥30,000
clerk = make_clerk()                                       # with a service point
talent = make_master()
serve(clerk, talent)                                       # the clerk opened the talent
case = open_case(clerk, talent, benefit)                   # submitted at the window
"""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Organisation, User
from rencai.core.permissions import roles_of
from rencai.core.tests.factories import add_role, make_county, make_organisation, make_user
from rencai.desk import services
from rencai.desk.models import ApprovalStep, Budget
from rencai.policies.tests.factories import make_benefit, make_department
from rencai.talents.models import Talent, WindowVisit
from rencai.talents.tests.factories import make_degree, make_talent

_n = itertools.count(1)

DEGREE_RULE = {">=": [{"var": "degree"}, "master"]}
AGE_RULE = {"and": [DEGREE_RULE, {"<=": [{"var": "age"}, 40]}]}
FIXED_30000 = {"kind": "fixed", "yuan": "30000.00"}
YEAR = timezone.localdate().year


def make_desk_benefit(*, budget_fen: int | None = 100_000_000, **fields):
    """A published benefit (master's degree or higher → ¥30,000 by default) with a budget for
    this year (¥1,000,000 unless `budget_fen=None`)."""
    fields.setdefault("rule", DEGREE_RULE)
    fields.setdefault("amount", FIXED_30000)
    fields.setdefault("owning_department", make_department("housing"))
    benefit = make_benefit(**fields)
    if budget_fen is not None:
        make_budget(benefit, amount_fen=budget_fen)
    return benefit


def make_budget(benefit, *, year: int = YEAR, amount_fen: int = 100_000_000) -> Budget:
    department = benefit.paying_department or benefit.owning_department
    return Budget.objects.create(
        benefit=benefit, year=year, department=department, amount_fen=amount_fen
    )


def add_step(benefit, organisation: Organisation, *, order: int, clerk_may_approve=False):
    return ApprovalStep.objects.create(
        benefit=benefit, order=order, organisation=organisation, clerk_may_approve=clerk_may_approve
    )


def make_master(county=None, **fields) -> Talent:
    """A talent with a master's degree, 31 in 2026 (born 1995)."""
    fields.setdefault("degree", make_degree("master"))
    fields.setdefault("birth_date", date(1995, 5, 5))
    return make_talent(county=county or make_county(), **fields)


def make_clerk(service_point: Organisation | None = None, **kw) -> User:
    point = service_point or make_organisation(OrganisationKind.SERVICE_POINT)
    return make_user(role=Role.WINDOW_CLERK, organisation=point, **kw)


def clerk_point(clerk: User) -> Organisation:
    return Organisation.objects.get(pk=min(roles_of(clerk).organisation_ids(Role.WINDOW_CLERK)))


def make_officer(department: Organisation, **kw) -> User:
    return make_user(role=Role.DEPARTMENT_OFFICER, organisation=department, **kw)


def make_talent_user(talent: Talent) -> User:
    user = make_user(role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user"])
    return user


def serve(clerk: User, talent: Talent) -> WindowVisit:
    """The clerk opened the talent at their service point (as the window find does)."""
    return WindowVisit.objects.create(service_point=clerk_point(clerk), clerk=clerk, talent=talent)


def open_case(actor, talent, benefit, **kw):
    """Open a case (a clerk serves the talent first)."""
    if roles_of(actor).has(Role.WINDOW_CLERK):
        serve(actor, talent)
    kw.setdefault("payee_account", "6222020200112233445")
    return services.open_application(talent, benefit, actor=actor, **kw)


__all__ = [
    "Desk",
    "AGE_RULE",
    "DEGREE_RULE",
    "FIXED_30000",
    "YEAR",
    "add_role",
    "add_step",
    "clerk_point",
    "make_budget",
    "make_clerk",
    "make_desk_benefit",
    "make_department",
    "make_master",
    "make_officer",
    "make_talent_user",
    "open_case",
    "serve",
]


class Desk:
    """A small world: housing owns the benefit, finance pays it; a clerk, officers, a talent
    with an account. `case_in(state)` builds a case in any state through the services."""

    def __init__(self, **benefit_fields):
        self.housing = make_department("housing")
        self.finance = make_department("finance_bureau")
        benefit_fields.setdefault("owning_department", self.housing)
        benefit_fields.setdefault("paying_department", self.finance)
        self.benefit = make_desk_benefit(**benefit_fields)
        self.clerk = make_clerk()
        self.housing_officer = make_officer(self.housing)
        self.finance_officer = make_officer(self.finance)
        make_degree("bachelor")  # before any rule is parsed (parsed rules cache the codes)
        self.talent = make_master()
        self.talent_user = make_talent_user(self.talent)

    def open(self, talent=None, **kw):
        return open_case(self.clerk, talent or self.talent, self.benefit, **kw)

    def case_in(self, state: str, talent=None):
        talent = talent or self.talent
        if state == "draft":
            return self.open(talent, submit=False)
        case = self.open(talent)
        if state == "submitted":
            return case
        if state == "returned":
            return services.return_application(case, actor=self.clerk, reason="补充材料")
        if state == "withdrawn":
            return services.withdraw_application(case, actor=self.clerk)
        case = services.accept_application(case, actor=self.clerk)
        if state == "accepted":
            return case
        if state == "rejected":
            return services.reject_application(case, actor=self.housing_officer, reason="不符合")
        case = services.approve_application(case, actor=self.housing_officer)
        if state == "approved":
            return case
        if state == "disbursed":
            services.disburse(case, actor=self.finance_officer)
            case.refresh_from_db()
            return case
        if state == "closed":
            return services.close_application(case, actor=self.housing_officer)
        raise ValueError(state)
