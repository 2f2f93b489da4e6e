"""Reveal for the roles that act on their own records (ROLES.md): a department officer sees a
full identity number on an explicit, audited reveal, for the talents of their cases only."""

import pytest
from rest_framework.test import APIClient

from rencai.core.errors import NotFound
from rencai.core.models import AuditEvent
from rencai.talents.services.registry import reveal_identity

from .factories import (
    make_clerk,
    make_department,
    make_desk_benefit,
    make_master,
    make_officer,
    open_case,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def case():
    housing = make_department("housing")
    return open_case(make_clerk(), make_master(), make_desk_benefit(owning_department=housing))


def test_department_officer_reveals_the_identity_of_their_cases_talent(case):
    officer = make_officer(case.benefit.owning_department)

    revealed = reveal_identity(case.talent, actor=officer)

    assert revealed.id_number == case.talent.id_number
    event = AuditEvent.objects.get(action="talent.reveal")
    assert event.actor == officer


def test_other_department_cannot_reveal_the_identity_of_that_talent(case):
    stranger = make_officer(make_department("hrss"))

    with pytest.raises(NotFound):
        reveal_identity(case.talent, actor=stranger)
    assert not AuditEvent.objects.filter(action="talent.reveal").exists()


def test_department_officer_reveals_through_the_api(case):
    client = APIClient()
    client.force_authenticate(make_officer(case.benefit.owning_department))

    body = client.get(f"/api/v1/talents/{case.talent.pk}/", {"reveal": "id"}).json()

    assert body["id_number"] == case.talent.id_number
    assert body["revealed"] is True
