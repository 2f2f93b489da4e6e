"""The tech-projects demo: projects of demo enterprises with ranked proposals in every state,
made through the services, and the two demo users."""

from datetime import date

import pytest
from django.core.management import call_command

from rencai.core.choices import Role
from rencai.core.models import User
from rencai.core.tests.demo import load_demo
from rencai.projects.choices import ProposalStatus
from rencai.projects.models import Expertise, Outcome, Proposal, TechProject

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo(talents=80, batch_size=40, as_of=date(2026, 11, 28))
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_demo_projects_have_ranked_proposals_in_every_state(demo):
    assert 10 <= TechProject.objects.count() <= 20
    assert TechProject.objects.filter(organisation__name="黄冈楚天智能装备有限公司").count() == 3
    states = set(Proposal.objects.values_list("status", flat=True))
    assert states == set(ProposalStatus.values)
    assert Outcome.objects.exists()
    assert all(p.reasons for p in Proposal.objects.all())
    assert Expertise.objects.count() >= 56


def test_demo_users_are_the_science_bureau_and_the_enterprise_contact(demo):
    science = User.objects.get(username="science")
    enterprise = User.objects.get(username="enterprise")

    assert science.role_assignments.get().organisation.code == "science"
    assignment = enterprise.role_assignments.get()
    assert assignment.role == Role.ENTERPRISE_CONTACT
    assert assignment.organisation.name == "黄冈楚天智能装备有限公司"


def test_the_demo_talent_awaits_an_answer_on_a_proposal(demo):
    proposal = Proposal.objects.get(talent__user__username="talent")

    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.project.organisation.name == "黄冈楚天智能装备有限公司"
