"""The root conftest's client fixtures log in whom they say."""

import pytest

from rencai.core.choices import Role
from rencai.core.permissions import roles_of
from rencai.core.tests.factories import make_county, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_client_as_a_role_logs_in_a_new_user_in_that_scope(client_as):
    wuxue = make_county("421182", "武穴市")

    page = client_as(Role.COUNTY_OFFICER, division=wuxue)

    assert roles_of(page.user).division_ids(Role.COUNTY_OFFICER) == {wuxue.pk}
    assert page.get("/").wsgi_request.user == page.user


def test_client_as_a_user_logs_in_that_user(client_as):
    clerk = make_user(role=Role.WINDOW_CLERK)

    page = client_as(clerk, english=True)

    assert page.get("/").wsgi_request.user == clerk
    assert page.cookies["django_language"].value == "en"


def test_client_as_none_is_anonymous(client_as):
    response = client_as(None).get("/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_api_as_authenticates_the_api(api_as):
    api = api_as(Role.TASK_FORCE)

    assert api.get("/api/v1/divisions/").status_code == 200
    assert api_as(None).get("/api/v1/divisions/").status_code == 401


def test_named_clients_hold_their_roles(task_force_client, county_officer_client, clerk_client):
    assert roles_of(task_force_client.user).has(Role.TASK_FORCE)
    assert roles_of(county_officer_client.user).has(Role.COUNTY_OFFICER)
    assert roles_of(clerk_client.user).has(Role.WINDOW_CLERK)


def test_a_scope_with_an_existing_user_is_a_mistake(client_as):
    with pytest.raises(TypeError):
        client_as(make_user(), division=make_county())
