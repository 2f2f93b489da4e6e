"""Schooling test helpers: the catalogue's schooling benefit, education offices, schools,
a talent with children and an account.

world = Schooling()                                # Huangzhou's office, the city's, a school
talent, (first, second) = world.parent(children=2)  # a tier-B talent with two children
case = world.request(talent, first)                # requested by the talent themself
world.case_in("enrolled")                          # through the services
"""

from __future__ import annotations

import itertools
from datetime import date

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Division, Organisation, User
from rencai.core.tests.factories import (
    make_card,
    make_city,
    make_county,
    make_organisation,
    make_talent,
    make_tier,
    make_user,
)
from rencai.policies.tests.factories import make_benefit, make_department
from rencai.schooling import services
from rencai.schooling.models import EnrolmentCase
from rencai.talents.choices import Relation
from rencai.talents.models import FamilyMember, Talent

_n = itertools.count(1)

CONFIRM = "子女随迁，在黄冈市就读学前或义务教育"
# The demo catalogue's rule: tier A–D, or a valid card; and a child in the family.
RULE = {
    "and": [
        {
            "or": [
                {">=": [{"var": "tier"}, "D"]},
                {"has": [{"var": "cards"}, "green_card"]},
                {"has": [{"var": "cards"}, "chucai_card"]},
            ]
        },
        {"has": [{"var": "family"}, "child"]},
    ]
}


def make_schooling_benefit(**fields):
    """The schooling benefit as in the demo catalogue (owned by the city's education bureau)."""
    for code in "ABCDE":
        make_tier(code)
    fields.setdefault("owning_department", make_department("education"))
    fields.setdefault("code", services.BENEFIT_CODE)
    fields.setdefault("covers_family", True)
    return make_benefit(rule=RULE, to_confirm=[CONFIRM], **fields)


def make_school(division: Division | None = None, **kw) -> Organisation:
    return make_organisation(OrganisationKind.SCHOOL, division=division or make_city(), **kw)


def make_child(talent: Talent, name: str | None = None, birth: date = date(2016, 3, 1)):
    return FamilyMember.objects.create(
        talent=talent,
        relation=Relation.CHILD,
        name=name or f"孩子{next(_n)}",
        birth_date=birth,
    )


def make_account(talent: Talent) -> User:
    user = make_user(role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user"])
    return user


class Schooling:
    """A small world: the city's education bureau and 团风县's, a school in each, their
    officers and contacts, the schooling benefit."""

    def __init__(self):
        self.city = make_city()
        self.tuanfeng = make_county("421121", "团风县")
        self.wuxue = make_county("421182", "武穴市")
        self.benefit = make_schooling_benefit()
        self.city_office = make_department("education")
        self.tuanfeng_office = make_department("education", division=self.tuanfeng)
        self.wuxue_office = make_department("education", division=self.wuxue)
        self.city_school = make_school(self.city, name="黄冈市实验幼儿园")
        self.tuanfeng_school = make_school(self.tuanfeng, name="团风县实验小学")
        self.wuxue_school = make_school(self.wuxue, name="武穴市实验小学")
        self.tuanfeng_officer = make_user(
            role=Role.DEPARTMENT_OFFICER, organisation=self.tuanfeng_office
        )
        self.wuxue_officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=self.wuxue_office)
        self.city_officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=self.city_office)
        self.school_contact = make_user(role=Role.SCHOOL_CONTACT, organisation=self.tuanfeng_school)
        self.other_contact = make_user(role=Role.SCHOOL_CONTACT, organisation=self.city_school)

    def parent(self, *, children: int = 1, county: Division | None = None, tier: str = "B"):
        talent = make_talent(county=county or self.tuanfeng, tier=make_tier(tier))
        make_account(talent)
        kids = [make_child(talent) for _ in range(children)]
        return talent, kids

    def request(self, talent: Talent, child: FamilyMember, *, stage: str = "primary", **kw):
        kw.setdefault("confirmed", [CONFIRM])
        return services.request_enrolment(
            talent, child, actor=talent.user, stage=stage, school_year=2026, **kw
        )

    def officer_for(self, case: EnrolmentCase) -> User:
        return {
            self.tuanfeng_office.pk: self.tuanfeng_officer,
            self.wuxue_office.pk: self.wuxue_officer,
            self.city_office.pk: self.city_officer,
        }[case.education_office_id]

    def case_in(self, state: str, *, talent: Talent | None = None) -> EnrolmentCase:
        """A case in `state`, reached through the services."""
        if talent is None:
            talent, (child,) = self.parent()
        else:
            child = make_child(talent)
        case = self.request(talent, child)
        officer = self.officer_for(case)
        if state == "requested":
            return case
        if state == "not_placed":
            return services.close_not_placed(case, actor=officer, reason="学位已满")
        case = services.review_case(case, actor=officer)
        if state == "reviewed":
            return case
        school = self.tuanfeng_school if case.county_id == self.tuanfeng.pk else self.city_school
        case = services.assign_school(case, actor=officer, school=school)
        if state == "assigned":
            return case
        return services.enrol_child(case, actor=officer)


__all__ = ["CONFIRM", "Schooling", "make_account", "make_card", "make_child", "make_school"]
