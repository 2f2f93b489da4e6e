"""Who sees which enrolment case: a school its assigned cases, an education office its own,
never another county's; out of scope answers "not found" like missing."""

import pytest

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.tests.factories import make_user
from rencai.schooling import selectors
from rencai.talents.models import Talent

from .factories import Schooling

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Schooling()


def _ids(actor):
    return set(selectors.cases_for_actor(actor).values_list("pk", flat=True))


def test_school_contact_sees_only_cases_assigned_to_their_school(world):
    mine = world.case_in("assigned")
    world.case_in("requested")  # not yet assigned anywhere
    elsewhere_talent, _kids = world.parent(county=world.wuxue)
    elsewhere = world.case_in("assigned", talent=elsewhere_talent)

    assert _ids(world.school_contact) == {mine.pk}
    assert _ids(world.other_contact) == {elsewhere.pk}
    with pytest.raises(NotFound):
        selectors.get_case_for_actor(world.school_contact, elsewhere.pk)


def test_education_officer_of_another_county_sees_none_of_this_county(world):
    tuanfeng_cases = {world.case_in(s).pk for s in ("requested", "assigned", "enrolled")}

    assert _ids(world.tuanfeng_officer) == tuanfeng_cases
    assert _ids(world.wuxue_officer) == set()
    with pytest.raises(NotFound):
        selectors.get_case_for_actor(world.wuxue_officer, next(iter(tuanfeng_cases)))


def test_education_officer_sees_the_talents_of_their_cases_only(world):
    case = world.case_in("requested")

    assert Talent.objects.for_actor(world.tuanfeng_officer).filter(pk=case.talent_id).exists()
    assert not Talent.objects.for_actor(world.wuxue_officer).filter(pk=case.talent_id).exists()


def test_school_contact_is_not_given_the_talent_record(world):
    case = world.case_in("assigned")

    assert not Talent.objects.for_actor(world.school_contact).filter(pk=case.talent_id).exists()


def test_talent_sees_their_own_children_only(world):
    mine = world.case_in("requested")
    world.case_in("requested")

    assert _ids(mine.talent.user) == {mine.pk}


def test_county_officer_and_task_force(world):
    mine = world.case_in("requested")
    wuxue_talent, _kids = world.parent(county=world.wuxue)
    theirs = world.case_in("requested", talent=wuxue_talent)

    assert _ids(make_user(role=Role.COUNTY_OFFICER, division=world.tuanfeng)) == {mine.pk}
    assert _ids(make_user(role=Role.TASK_FORCE)) == {mine.pk, theirs.pk}
    assert _ids(make_user(role=Role.HOSPITAL_LIAISON)) == set()
