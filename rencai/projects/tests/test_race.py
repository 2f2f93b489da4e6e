"""Races on PostgreSQL: many science officers proposing the same talent for the same project at
once make one live proposal; both sides accepting at the same moment make an accepted
proposal, each answer kept. SQLite serialises writers, so these run on PostgreSQL only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core.choices import Role
from rencai.core.errors import Conflict
from rencai.core.tests import concurrency
from rencai.core.tests.factories import make_user
from rencai.projects import services
from rencai.projects.choices import Answer, ProposalStatus
from rencai.projects.models import Proposal
from rencai.talents.tests.factories import make_talent

from .factories import (
    make_enterprise,
    make_enterprise_contact,
    make_project,
    make_proposal,
    make_science_officer,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 8


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_many_officers_proposing_the_same_talent_make_one_live_proposal():
    project, talent = make_project(), make_talent()
    officers = [make_science_officer() for _ in range(THREADS)]

    results = all_at_once(lambda i: services.propose_match(project, talent, actor=officers[i]))

    made = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 1, results
    assert len(refused) == THREADS - 1
    assert Proposal.objects.filter(project=project, talent=talent).count() == 1


def test_both_sides_accepting_at_once_make_an_accepted_proposal():
    enterprise = make_enterprise()
    contact = make_enterprise_contact(enterprise)
    account = make_user(role=Role.TALENT)
    proposal = make_proposal(make_project(enterprise), make_talent(user=account))
    actors = [account, contact]

    results = all_at_once(
        lambda i: services.answer_proposal(proposal, actor=actors[i], accept=True), threads=2
    )

    assert all(isinstance(r, Proposal) for r in results), results
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.talent_answer == proposal.enterprise_answer == Answer.ACCEPTED
