"""Schooling pages: the scoped list and its export, a case with its actions, the talent's
request page, and the home panels of the office, the school and the talent."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import english_client, make_user

from .factories import CONFIRM, Schooling

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Schooling()


def test_office_list_shows_its_cases_and_not_another_county(world):
    mine = world.case_in("requested")
    wuxue_talent, _kids = world.parent(county=world.wuxue)
    theirs = world.case_in("requested", talent=wuxue_talent)

    page = english_client(world.tuanfeng_officer).get(reverse("schooling:case-list"))

    assert page.status_code == 200
    assert mine.child.name in page.text
    assert theirs.child.name not in page.text


def test_talent_may_not_open_the_office_list(world):
    talent, _kids = world.parent()

    assert english_client(talent.user).get(reverse("schooling:case-list")).status_code == 403


def test_case_of_another_county_is_not_found(world):
    case = world.case_in("requested")

    response = english_client(world.wuxue_officer).get(
        reverse("schooling:case-detail", args=[case.pk])
    )

    assert response.status_code == 404


def test_officer_moves_the_case_on_from_its_page(world):
    case = world.case_in("requested")
    client = english_client(world.tuanfeng_officer)
    detail = reverse("schooling:case-detail", args=[case.pk])

    assert "Mark reviewed" in client.get(detail).text
    client.post(reverse("schooling:case-action", args=[case.pk, "review"]), {"note": "齐全"})
    client.post(
        reverse("schooling:case-action", args=[case.pk, "assign"]),
        {"school": world.tuanfeng_school.pk},
    )
    response = client.post(reverse("schooling:case-action", args=[case.pk, "enrol"]), {})

    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == "enrolled"
    assert case.assigned_school == world.tuanfeng_school


def test_refused_action_comes_back_as_a_message(world):
    case = world.case_in("reviewed")
    client = english_client(world.tuanfeng_officer)

    response = client.post(
        reverse("schooling:case-action", args=[case.pk, "not_place"]), {"reason": ""}, follow=True
    )

    assert "Give a reason." in response.text
    case.refresh_from_db()
    assert case.state == "reviewed"


def test_school_contact_records_enrolment_from_its_home(world):
    case = world.case_in("assigned")
    client = english_client(world.school_contact)

    home = client.get("/")
    assert case.child.name in home.text
    client.post(reverse("schooling:case-action", args=[case.pk, "enrol"]), {})

    case.refresh_from_db()
    assert case.state == "enrolled"


def test_talent_requests_for_a_child_on_their_page(world):
    talent, (first, second) = world.parent(children=2)
    client = english_client(talent.user)
    url = reverse("schooling:my-schooling")

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "child": first.pk,
            "stage": "primary",
            "preferred_schools": [world.tuanfeng_school.pk],
            "confirmed": [CONFIRM],
        },
    )

    assert response.status_code == 303
    assert talent.enrolments.get().child == first
    page = client.get(url)
    assert first.name in page.text


def test_talent_refused_sees_the_reason(world):
    talent, (child,) = world.parent(tier="E")
    client = english_client(talent.user)

    response = client.post(
        reverse("schooling:my-schooling"),
        {"child": child.pk, "stage": "primary", "confirmed": [CONFIRM]},
        follow=True,
    )

    assert "Not eligible" in response.text
    assert not talent.enrolments.exists()


def test_export_lists_the_visible_cases_and_is_audited(world):
    mine = world.case_in("enrolled")
    wuxue_talent, _kids = world.parent(county=world.wuxue)
    world.case_in("requested", talent=wuxue_talent)

    response = english_client(world.tuanfeng_officer).get(reverse("schooling:case-export"))

    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == [mine.pk]
    assert AuditEvent.objects.filter(action="enrolment.export").count() == 1


def test_home_panels_for_office_and_task_force(world):
    world.case_in("requested")

    office = english_client(world.tuanfeng_officer).get("/")
    task_force = english_client(make_user(role=Role.TASK_FORCE)).get("/")

    assert 'id="home-schooling"' in office.text
    assert 'id="home-schooling"' in task_force.text


def test_list_page_queries_do_not_grow_with_the_cases(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = english_client(make_user(role=Role.TASK_FORCE))
    url = reverse("schooling:case-list")
    world.case_in("assigned")
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        world.case_in("assigned")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_talent_page_shows_the_children_cases_to_the_office_only(world):
    case = world.case_in("requested")
    url = reverse("talents:detail", args=[case.talent_id])

    page = english_client(world.tuanfeng_officer).get(url)

    assert page.status_code == 200
    assert 'id="talent-schooling"' in page.text
    assert case.child.name in page.text


def test_talent_who_does_not_qualify_sees_why_before_asking(world):
    talent, _kids = world.parent(tier="E")

    page = english_client(talent.user).get(reverse("schooling:my-schooling"))

    assert 'id="schooling-refusal"' in page.text
    assert 'id="schooling-submit"' not in page.text
