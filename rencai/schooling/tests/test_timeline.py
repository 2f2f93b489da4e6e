"""Enrolment cases in the one-person file: requested and enrolled (or not placed), each with
a link, for viewers who see the case — and nothing for those who do not."""

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.core.timeline import timeline_for
from rencai.schooling.timeline import case_entries

from .factories import Schooling

pytestmark = pytest.mark.django_db


def test_enrolled_case_gives_two_entries_to_the_office():
    world = Schooling()
    case = world.case_in("enrolled")

    entries = case_entries(world.tuanfeng_officer, case.talent)

    assert len(entries) == 2
    assert {e.when.date() for e in entries} >= {case.enrolled_on}
    assert {e.link for e in entries} == {f"/schooling/cases/{case.pk}/"}
    assert {e.kind for e in entries} == {"schooling"}
    # the file asks the provider: the talent's enrolment cases are its records
    assert set(timeline_for(world.tuanfeng_officer, case.talent, only={"schooling"})) == set(
        entries
    )


def test_not_placed_case_shows_its_reason():
    world = Schooling()
    case = world.case_in("not_placed")

    entries = case_entries(make_user(role=Role.TASK_FORCE), case.talent)

    assert any(e.detail == "学位已满" for e in entries)


def test_viewer_who_does_not_see_the_case_gets_nothing():
    world = Schooling()
    case = world.case_in("enrolled")

    assert case_entries(world.wuxue_officer, case.talent) == []
