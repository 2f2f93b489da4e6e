"""Posting, proposing, answering and recording outcomes: each audited, each refused to the
wrong actor."""

from datetime import date

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user
from rencai.projects import services
from rencai.projects.choices import Answer, ProposalStatus
from rencai.projects.models import Proposal
from rencai.talents.tests.factories import make_talent

from .factories import (
    make_enterprise,
    make_enterprise_contact,
    make_expert,
    make_project,
    make_proposal,
    make_science_officer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_enterprise_contact_posts_a_project_for_their_organisation_only():
    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)

    with clock.at(date(2022, 9, 6)):
        project = services.post_project(
            enterprise, actor=contact, title="缺陷检测", need="机器视觉", field="smart_equipment"
        )

    assert project.posted_on == date(2022, 9, 6)
    assert project.county == enterprise.division
    assert AuditEvent.objects.filter(action="projects.project_posted").count() == 1
    with pytest.raises(PermissionDenied):
        services.post_project(
            make_enterprise(), actor=contact, title="x", need="y", field="smart_equipment"
        )


def test_science_bureau_proposes_with_the_matched_terms_as_reason():
    project = make_project()
    talent = make_expert("焊接机器人离线编程与焊缝跟踪")

    proposal = services.propose_match(project, talent, actor=make_science_officer())

    assert "焊缝跟踪" in proposal.reasons
    assert proposal.score > 0
    project.refresh_from_db()
    assert project.first_proposed_on == proposal.proposed_on
    assert AuditEvent.objects.filter(action="projects.match_proposed").count() == 1


def test_proposing_the_same_talent_twice_conflicts_while_the_first_is_live():
    project, talent, officer = make_project(), make_talent(), make_science_officer()
    first = services.propose_match(project, talent, actor=officer)

    with pytest.raises(Conflict):
        services.propose_match(project, talent, actor=officer)

    services.withdraw_proposal(first, actor=officer)
    again = services.propose_match(project, talent, actor=officer)
    assert again.pk != first.pk
    assert Proposal.objects.filter(project=project, talent=talent).count() == 2


def test_only_the_science_bureau_proposes():
    enterprise = make_enterprise()
    project = make_project(enterprise)

    with pytest.raises(PermissionDenied):
        services.propose_match(project, make_talent(), actor=make_enterprise_contact(enterprise))


def test_both_sides_accepting_makes_the_proposal_accepted():
    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)
    talent_user = make_user(username="t1", role=Role.TALENT)
    talent = make_talent(user=talent_user)
    proposal = make_proposal(make_project(enterprise), talent)

    with clock.at(date(2022, 9, 12)):
        proposal = services.answer_proposal(proposal, actor=talent_user, accept=True)
    assert proposal.status == ProposalStatus.PROPOSED
    with clock.at(date(2022, 9, 13)):
        proposal = services.answer_proposal(proposal, actor=contact, accept=True)

    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.accepted_on == date(2022, 9, 13)
    assert proposal.talent_answer == proposal.enterprise_answer == Answer.ACCEPTED
    assert AuditEvent.objects.filter(action="projects.proposal_accepted").count() == 2


def test_either_side_declining_ends_the_proposal():
    enterprise = make_enterprise()
    proposal = make_proposal(make_project(enterprise))

    proposal = services.answer_proposal(
        proposal, actor=make_enterprise_contact(enterprise), accept=False
    )

    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.closed_on is not None


def test_another_enterprise_may_not_answer():
    proposal = make_proposal()

    with pytest.raises(PermissionDenied):
        services.answer_proposal(proposal, actor=make_enterprise_contact(), accept=True)


def test_answering_twice_conflicts():
    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)
    proposal = make_proposal(make_project(enterprise))
    services.answer_proposal(proposal, actor=contact, accept=True)

    with pytest.raises(Conflict):
        services.answer_proposal(proposal, actor=contact, accept=True)


def test_outcomes_are_recorded_once_per_kind_and_only_when_accepted():
    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)
    pending = make_proposal(make_project(enterprise))
    accepted = make_proposal(make_project(enterprise), status=ProposalStatus.ACCEPTED)

    with pytest.raises(Conflict):
        services.record_outcome(pending, actor=contact, kind="contract")
    outcome = services.record_outcome(accepted, actor=contact, kind="contract", amount_fen=5000000)
    with pytest.raises(Conflict):
        services.record_outcome(accepted, actor=contact, kind="contract")

    assert outcome.amount_fen == 5000000
    assert AuditEvent.objects.filter(action="projects.outcome_recorded").count() == 1


def test_only_the_talent_edits_their_expertise():
    talent_user = make_user(username="t2", role=Role.TALENT)
    talent = make_talent(user=talent_user)

    expertise = services.save_expertise(talent, actor=talent_user, profile="  茶叶加工 ")

    assert expertise.profile == "茶叶加工"
    with pytest.raises(PermissionDenied):
        services.save_expertise(talent, actor=make_science_officer(), profile="x")


def test_a_proposal_tells_the_talent_and_the_enterprise_contact():
    from rencai.core.models import Notification

    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)
    account = make_user(role=Role.TALENT)
    talent = make_talent(user=account)

    services.propose_match(make_project(enterprise), talent, actor=make_science_officer())

    assert Notification.objects.filter(recipient=account).count() == 1
    assert Notification.objects.filter(recipient=contact).count() == 1
