"""Who sees what: a contact leader sees only their paired talents (and their requests), a
department officer the requests assigned to their organisation and those talents; the rest
answer "not found" as a missing object does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department
from rencai.talents.models import Talent

from .. import selectors
from .factories import make_high_level, make_leader, make_pairing, make_request

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def two_leaders():
    leader, other = make_leader(), make_leader()
    mine, theirs = make_high_level(), make_high_level()
    return {
        "leader": leader,
        "mine": make_pairing(leader=leader, talent=mine),
        "theirs": make_pairing(leader=other, talent=theirs),
        "my_request": make_request(mine),
        "their_request": make_request(theirs, department=make_department("finance")),
    }


def test_a_contact_leader_sees_only_their_paired_talents(two_leaders):
    leader = two_leaders["leader"]
    visible = set(Talent.objects.for_actor(leader).values_list("pk", flat=True))
    assert visible == {two_leaders["mine"].talent_id}


def test_a_contact_leader_sees_only_their_pairings_and_their_talents_requests(two_leaders):
    leader = two_leaders["leader"]
    assert list(selectors.pairings_for_actor(leader)) == [two_leaders["mine"]]
    assert list(selectors.requests_for_actor(leader)) == [two_leaders["my_request"]]


def test_another_leaders_pairing_and_request_answer_not_found(client_as, two_leaders):
    client = client_as(two_leaders["leader"])
    theirs, mine = two_leaders["theirs"], two_leaders["mine"]
    assert client.get(reverse("engagement:pairing-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("engagement:pairing-detail", args=[theirs.pk])).status_code == 404
    their_request = two_leaders["their_request"]
    url = reverse("engagement:request-detail", args=[their_request.pk])
    assert client.get(url).status_code == 404
    talent_url = reverse("talents:detail", args=[theirs.talent_id])
    assert client.get(talent_url).status_code == 404


def test_a_contact_leader_cannot_log_a_contact_for_another_leaders_talent(client_as, two_leaders):
    client = client_as(two_leaders["leader"])
    url = reverse("engagement:pairing-log", args=[two_leaders["theirs"].pk])
    response = client.post(url, {"kind": "visit", "summary": "走访"})
    assert response.status_code == 404
    assert not two_leaders["theirs"].logs.exists()


def test_a_department_officer_sees_the_requests_assigned_to_it_and_their_talents(two_leaders):
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("finance"))
    assert list(selectors.requests_for_actor(officer)) == [two_leaders["their_request"]]
    visible = set(Talent.objects.for_actor(officer).values_list("pk", flat=True))
    assert visible == {two_leaders["theirs"].talent_id}


def test_a_talent_sees_only_their_own_requests(two_leaders):
    user = make_user(role=Role.TALENT)
    talent = two_leaders["mine"].talent
    talent.user = user
    talent.save(update_fields=["user"])
    assert list(selectors.requests_for_actor(user)) == [two_leaders["my_request"]]
