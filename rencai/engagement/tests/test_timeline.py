"""Contacts and requests in the one-person file, for viewers who may see them."""

from __future__ import annotations

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.core.timeline import Entry, timeline_for
from rencai.policies.tests.factories import make_department

from .. import services, timeline
from .factories import at, feedback, make_leader, make_pairing, make_request, work_through

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def history():
    leader = make_leader()
    pairing = make_pairing(leader=leader)
    with clock.at(at(2022, 9, 8)):
        services.log_contact(pairing, actor=leader, kind="visit", summary="走访座谈")
    request = make_request(pairing.talent, department=make_department("housing"))
    request = work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 7))
    feedback(request, at(2022, 9, 8), "satisfied")
    return leader, pairing


def test_the_leader_sees_the_visit_and_the_request_in_the_talents_file(history):
    leader, pairing = history
    contacts = timeline.contact_entries(leader, pairing.talent)
    requests = timeline.request_entries(leader, pairing.talent)
    assert [e.detail for e in contacts] == ["走访座谈"]
    assert [e.kind for e in requests] == ["request", "request"]  # raised, closed
    # the file asks both providers (their tables hold the talent's pairing and request)
    file = timeline_for(leader, pairing.talent, only={"contact", "request"})
    assert file == sorted(contacts + requests, key=Entry.sort_key, reverse=True)


def test_another_department_and_another_leader_see_none_of_it(history):
    _leader, pairing = history
    other_leader = make_leader()
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("finance"))
    for viewer in (other_leader, officer):
        assert timeline.contact_entries(viewer, pairing.talent) == []
        assert timeline.request_entries(viewer, pairing.talent) == []


def test_a_limit_keeps_the_newest_contacts_in_the_files_order(history):
    """Given four more contacts, two on one day, when the leader's contact entries are asked
    for with a limit n, then they are the first n of all of them in the file's order."""
    leader, pairing = history
    for day in (5, 9, 9, 12):
        with clock.at(at(2022, 9, day)):
            services.log_contact(pairing, actor=leader, kind="visit", summary=f"走访 {day}")
    whole = sorted(
        timeline.contact_entries(leader, pairing.talent), key=Entry.sort_key, reverse=True
    )
    assert len(whole) == 5

    for n in range(1, 7):
        assert timeline.contact_entries(leader, pairing.talent, limit=n) == whole[:n], n


def test_the_housing_officer_sees_the_request_but_not_the_contacts(history):
    _leader, pairing = history
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("housing"))
    assert len(timeline.request_entries(officer, pairing.talent)) == 2
    assert timeline.contact_entries(officer, pairing.talent) == []
