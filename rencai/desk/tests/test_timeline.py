"""The one-person file: every app's entries, newest first, and only what the viewer may see."""

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.core.timeline import kinds, timeline_for

from .factories import Desk, make_department, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    desk = Desk()
    desk.case_in("disbursed")
    return desk


def test_the_task_force_sees_registration_cases_entitlements_and_payments(desk):
    entries = timeline_for(make_user(role=Role.TASK_FORCE), desk.talent)

    assert {e.kind for e in entries} >= {"registry", "case", "entitlement", "payment"}
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert set(kinds()) >= {"registry", "card", "case", "payment", "entitlement"}


def test_an_officer_of_another_department_sees_none_of_the_talents_cases(desk):
    stranger = make_officer(make_department("education"))

    entries = timeline_for(stranger, desk.talent)

    assert not {e.kind for e in entries} & {"case", "payment", "entitlement"}


def test_the_talent_sees_their_own_cases_linked_to_their_own_pages(desk):
    entries = timeline_for(desk.talent_user, desk.talent, only={"case"})

    assert entries
    assert {e.kind for e in entries} == {"case"}
    assert all(e.link.startswith(reverse("desk:my-applications")) for e in entries)


def test_the_talent_page_shows_the_file_to_an_officer_who_may_see_the_talent(client, desk):
    client.force_login(make_user(role=Role.TASK_FORCE))

    response = client.get(reverse("talents:detail", args=[desk.talent.pk]))

    assert 'id="talent-timeline"' in response.content.decode()
