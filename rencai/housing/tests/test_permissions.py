"""Who may do what in housing: a role × act table, the denied beside the allowed, and what
each role reads (ROLES.md: the housing bureau manages its counties; county officers and the
task force read; a talent acts for themself)."""

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_city, make_county, make_user
from rencai.housing import permissions, selectors

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


@pytest.fixture
def world():
    h = Housing()
    application = h.applicant()
    city_bureau = Housing(county=make_city()).officer
    other_bureau = Housing(county=make_county("421182", "武穴市")).officer
    return {
        "h": h,
        "application": application,
        "actors": {
            "county_bureau": h.officer,
            "city_bureau": city_bureau,
            "other_bureau": other_bureau,
            "other_department": make_user(role=Role.DEPARTMENT_OFFICER),
            "county_officer": make_user(role=Role.COUNTY_OFFICER, division=h.county),
            "task_force": make_user(role=Role.TASK_FORCE),
            "applicant": application.talent.user,
            "other_talent": h.talent().user,
            "no_role": make_user(role=None),
        },
    }


MANAGE = {"county_bureau", "city_bureau"}
READ = MANAGE | {"county_officer", "task_force"}


@pytest.mark.parametrize(
    "who",
    [
        "county_bureau",
        "city_bureau",
        "other_bureau",
        "other_department",
        "county_officer",
        "task_force",
        "applicant",
        "other_talent",
        "no_role",
    ],
)
def test_role_table(world, who):
    actor = world["actors"][who]
    application = world["application"]

    manages = permissions.can_manage_application(actor, application)
    withdraws = permissions.can_withdraw_application(actor, application)
    reads = selectors.applications_for_actor(actor).filter(pk=application.pk).exists()

    assert manages == (who in MANAGE)
    assert withdraws == (who in MANAGE | {"applicant"})
    assert reads == (who in READ | {"applicant"})
    assert permissions.can_read_housing(actor) == (who in READ | {"other_bureau"})
