"""Who sees which talents: the visibility providers, denials beside grants."""

import pytest

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.tests.factories import make_county, make_talent, make_user
from rencai.talents.selectors import (
    TalentFilters,
    get_talent_for_actor,
    search_talents,
    talent_of_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def two_counties():
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    return tuanfeng, wuxue, make_talent(county=tuanfeng), make_talent(county=wuxue)


def test_county_officer_sees_own_county_talent(two_counties):
    tuanfeng, _, mine, _ = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    assert get_talent_for_actor(officer, mine.pk) == mine
    assert list(search_talents(officer, TalentFilters())) == [mine]


def test_county_officer_cannot_see_other_county_talent(two_counties):
    tuanfeng, _, _, theirs = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    with pytest.raises(NotFound):
        get_talent_for_actor(officer, theirs.pk)
    assert not search_talents(officer, TalentFilters(id_number=theirs.id_number)).exists()
    assert not search_talents(officer, TalentFilters(name=theirs.name)).exists()


def test_task_force_sees_the_whole_city(two_counties):
    *_, mine, theirs = two_counties
    task_force = make_user(role=Role.TASK_FORCE)
    assert set(search_talents(task_force, TalentFilters())) == {mine, theirs}


def test_talent_sees_only_themself(two_counties):
    *_, mine, theirs = two_counties
    user = make_user(role=Role.TALENT)
    mine.user = user
    mine.save()
    assert get_talent_for_actor(user, mine.pk) == mine
    with pytest.raises(NotFound):
        get_talent_for_actor(user, theirs.pk)


@pytest.mark.parametrize(
    "role",
    [
        Role.WINDOW_CLERK,
        Role.HOSPITAL_LIAISON,
        Role.BANK_OFFICER,
        Role.SCHOOL_CONTACT,
        Role.CONTACT_LEADER,
        Role.DEPARTMENT_OFFICER,
        None,
    ],
)
def test_roles_without_a_registry_scope_see_nobody(two_counties, role):
    user = make_user(role=role)
    assert not search_talents(user, TalentFilters()).exists()


def test_several_assignments_see_the_union(two_counties):
    from rencai.core.tests.factories import add_role

    tuanfeng, wuxue, mine, theirs = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    add_role(officer, Role.COUNTY_OFFICER, division=wuxue)
    assert set(search_talents(officer, TalentFilters())) == {mine, theirs}


def test_the_talent_of_a_user_is_the_record_linked_to_their_account(two_counties):
    _, _, mine, theirs = two_counties
    user = make_user(role=Role.TALENT)
    mine.user = user
    mine.save(update_fields=["user"])
    assert talent_of_user(user) == mine
    assert talent_of_user(make_user(role=Role.TALENT)) is None


def test_an_anonymous_visitor_has_no_talent():
    from django.contrib.auth.models import AnonymousUser

    assert talent_of_user(AnonymousUser()) is None
    assert talent_of_user(None) is None
