"""List pages cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies import services
from rencai.talents.tests.factories import make_talent

from .factories import DEGREE_TABLE, make_benefit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.portable,
]


def queries(fetch) -> int:
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    assert response.status_code == 200
    return len(context)


def test_handbook_queries_do_not_grow_with_benefits(client):
    make_benefit(amount=DEGREE_TABLE)
    few = queries(lambda: client.get(reverse("policies:handbook")))
    for _ in range(5):
        make_benefit(amount=DEGREE_TABLE)
    assert queries(lambda: client.get(reverse("policies:handbook"))) == few


def test_entitlement_list_queries_do_not_grow_with_rows():
    client = APIClient()
    client.force_authenticate(make_user(role=Role.TASK_FORCE))
    benefit = make_benefit()
    services.record_entitlement(make_talent(), benefit, actor=None)
    client.get("/api/v1/entitlements/")  # the user's roles are read once, then cached
    few = queries(lambda: client.get("/api/v1/entitlements/"))
    for _ in range(6):
        services.record_entitlement(make_talent(), benefit, actor=None)
    assert queries(lambda: client.get("/api/v1/entitlements/")) == few


def test_benefit_list_queries_do_not_grow_with_rows():
    client = APIClient()
    client.force_authenticate(make_user(role=Role.TASK_FORCE))
    make_benefit()
    client.get("/api/v1/benefits/")  # the user's roles are read once, then cached
    few = queries(lambda: client.get("/api/v1/benefits/"))
    for _ in range(4):
        make_benefit()
    assert queries(lambda: client.get("/api/v1/benefits/")) == few
