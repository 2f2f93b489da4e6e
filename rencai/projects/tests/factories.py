"""Factories for tech projects: the science bureau, enterprise contacts, projects, expertise,
proposals in every state."""

from __future__ import annotations

from datetime import date

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Organisation
from rencai.core.tests.factories import make_city, make_county, make_organisation, make_user
from rencai.projects.choices import Answer, ProposalStatus
from rencai.projects.models import Expertise, Outcome, Proposal, TechProject
from rencai.talents.tests.factories import make_talent


def science_bureau() -> Organisation:
    city = make_city()
    organisation, _created = Organisation.objects.get_or_create(
        division=city,
        code="science",
        defaults={"kind": OrganisationKind.DEPARTMENT, "name": "黄冈市科学技术局"},
    )
    return organisation


def make_science_officer(**kw):
    return make_user(role=Role.DEPARTMENT_OFFICER, organisation=science_bureau(), **kw)


def make_enterprise(name: str | None = None, division=None) -> Organisation:
    return make_organisation(OrganisationKind.ENTERPRISE, division=division, name=name)


def make_enterprise_contact(enterprise: Organisation | None = None, **kw):
    return make_user(
        role=Role.ENTERPRISE_CONTACT, organisation=enterprise or make_enterprise(), **kw
    )


def make_project(organisation: Organisation | None = None, **kw) -> TechProject:
    kw.setdefault("title", "焊接机器人工作站改造")
    kw.setdefault("need", "引入焊接机器人，需要离线编程和焊缝跟踪，减少焊接变形。")
    kw.setdefault("field", "smart_equipment")
    kw.setdefault("posted_on", date(2022, 9, 6))
    kw.setdefault("county", make_county())
    return TechProject.objects.create(organisation=organisation or make_enterprise(), **kw)


def make_expert(profile: str = "", *, user=None, **talent_fields):
    """A talent with an expertise profile (open to projects, sharing the defaults)."""
    talent = make_talent(user=user, **talent_fields)
    Expertise.objects.create(talent=talent, profile=profile)
    return talent


def make_proposal(project=None, talent=None, *, status=ProposalStatus.PROPOSED, **kw) -> Proposal:
    project = project or make_project()
    talent = talent or make_talent()
    if status == ProposalStatus.ACCEPTED:
        kw.setdefault("talent_answer", Answer.ACCEPTED)
        kw.setdefault("enterprise_answer", Answer.ACCEPTED)
        kw.setdefault("accepted_on", kw.get("proposed_on", date(2022, 9, 10)))
    kw.setdefault("proposed_on", date(2022, 9, 8))
    proposal = Proposal.objects.create(project=project, talent=talent, status=status, **kw)
    if project.first_proposed_on is None or project.first_proposed_on > proposal.proposed_on:
        project.first_proposed_on = proposal.proposed_on
        project.save(update_fields=["first_proposed_on"])
    return proposal


def make_outcome(proposal=None, *, kind="contract", recorded_on=date(2022, 10, 1), **kw):
    proposal = proposal or make_proposal(status=ProposalStatus.ACCEPTED)
    return Outcome.objects.create(proposal=proposal, kind=kind, recorded_on=recorded_on, **kw)
