"""Who may take which step of an enrolment case: a role × action table, each cell through the
named predicates (the services check the same predicates before they act)."""

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.schooling import permissions

from .factories import Schooling

pytestmark = pytest.mark.django_db

ACTORS = (
    "office",
    "other_office",
    "city_office",
    "school",
    "other_school",
    "talent",
    "task_force",
    "county",
)
# The state each action is tried in, and who may take it.
TABLE = {
    ("review", "requested"): {"office"},
    ("assign", "reviewed"): {"office"},
    ("enrol", "assigned"): {"office", "school"},
    ("not_place", "requested"): {"office"},
    ("not_place", "assigned"): {"office"},
}


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        world = Schooling()
        built = {state: world.case_in(state) for state in ("requested", "reviewed", "assigned")}
        actors = {
            "office": world.tuanfeng_officer,
            "other_office": world.wuxue_officer,
            "city_office": world.city_officer,
            "school": world.school_contact,
            "other_school": world.other_contact,
            "talent": built["assigned"].talent.user,
            "task_force": make_user(role=Role.TASK_FORCE),
            "county": make_user(role=Role.COUNTY_OFFICER, division=world.tuanfeng),
        }
        yield built, actors
        transaction.set_rollback(True)


@pytest.mark.parametrize(("action", "state"), list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_role_action_table(cases, action, state, actor):
    built, actors = cases
    case = built[state]

    allowed = permissions.may(actors[actor], case, action)

    assert allowed == (actor in TABLE[(action, state)])


def test_buttons_are_the_table_and_the_state_together(cases):
    built, actors = cases

    assert permissions.allowed_actions(actors["school"], built["assigned"]) == ["enrol"]
    assert permissions.allowed_actions(actors["office"], built["assigned"]) == [
        "enrol",
        "not_place",
    ]
    assert permissions.allowed_actions(actors["task_force"], built["requested"]) == []
