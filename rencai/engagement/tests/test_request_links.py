"""The request-record page is linked where an officer serves a talent — the talent's page,
the one-person file, the window's found talent — for the users it allows (the task force,
county and department officers, window clerks), and for no one else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.desk.tests.factories import Desk
from rencai.talents.tests.factories import make_talent

from .factories import make_high_level, make_leader, make_pairing

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

LINK = 'id="record-request"'


def _link(talent) -> str:
    return f'href="{reverse("engagement:talent-request", args=[talent.pk])}"'


def _pages(client, talent) -> list[str]:
    pages = []
    for name in ("talents:detail", "talents:file"):
        response = client.get(reverse(name, args=[talent.pk]))
        assert response.status_code == 200, name
        pages.append(response.content.decode())
    return pages


@pytest.mark.parametrize("role", [Role.TASK_FORCE, Role.COUNTY_OFFICER])
def test_an_officers_talent_page_and_file_link_the_request_page(client_as, role):
    county = make_county("421121", "团风县")
    talent = make_talent(county)
    officer = client_as(role, division=county) if role == Role.COUNTY_OFFICER else client_as(role)

    for body in _pages(officer, talent):
        assert LINK in body
        assert _link(talent) in body
    assert officer.get(reverse("engagement:talent-request", args=[talent.pk])).status_code == 200


def test_a_department_officer_sees_the_link_on_a_talent_of_their_case(client_as):
    desk = Desk()
    desk.open()  # a case routed to the housing department opens its talent to its officers
    officer = client_as(desk.housing_officer)

    for body in _pages(officer, desk.talent):
        assert _link(desk.talent) in body


def test_the_window_links_the_request_page_for_the_talent_found(client_as):
    desk = Desk()
    clerk = client_as(desk.clerk)

    found = clerk.post(reverse("desk:window"), {"id_number": desk.talent.id_number})
    served = clerk.get(reverse("desk:window-talent", args=[desk.talent.pk]))

    assert _link(desk.talent) in found.content.decode()
    assert _link(desk.talent) in served.content.decode()
    assert clerk.get(reverse("engagement:talent-request", args=[desk.talent.pk])).status_code == 200


def test_a_contact_leader_sees_the_talent_but_no_link(client_as):
    leader = make_leader()
    talent = make_high_level()
    make_pairing(leader=leader, talent=talent, year=clock.today().year)
    client = client_as(leader)

    for body in _pages(client, talent):
        assert LINK not in body
    assert client.get(reverse("engagement:talent-request", args=[talent.pk])).status_code == 403


def test_the_talents_own_file_has_no_link(client_as):
    user = make_user(role=Role.TALENT)
    talent = make_talent(user=user)

    body = client_as(user).get(reverse("talents:my-file")).content.decode()

    assert LINK not in body
    assert _link(talent) not in body
