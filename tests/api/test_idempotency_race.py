"""Answers that do not depend on timing (PostgreSQL: concurrent writers on their own
connections). Fifty requests with one Idempotency-Key at once: one 201, forty-nine 200 with
the same body, one case. A duplicate registration: the same 409 whoever catches it."""

import threading
from datetime import date

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.desk.models import Application
from rencai.desk.tests.factories import Desk, serve
from rencai.talents.identity import make_ric
from rencai.talents.models import Talent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
REQUESTS = 50


def all_at_once(work, n: int = REQUESTS) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 (collected and asserted on)
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_fifty_requests_with_one_idempotency_key_make_one_201_and_forty_nine_replays():
    desk = Desk()
    serve(desk.clerk, desk.talent)
    body = {
        "talent": desk.talent.pk,
        "benefit": desk.benefit.pk,
        "payee_account": "6222020200112233445",
    }

    def post(_i):
        client = APIClient()
        client.force_authenticate(desk.clerk)
        response = client.post(
            "/api/v1/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY="open-once"
        )
        return response.status_code, response.json()

    results = all_at_once(post)

    assert all(isinstance(r, tuple) for r in results), results
    codes = sorted(code for code, _body in results)
    assert codes == [200] * (REQUESTS - 1) + [201]
    assert len({body["id"] for _code, body in results}) == 1
    assert Application.objects.count() == 1


def test_clerks_registering_one_person_at_once_all_hear_the_same_duplicate_answer():
    county = make_county("421121", "团风县")
    officers = [make_user(role=Role.COUNTY_OFFICER, division=county) for _ in range(8)]
    body = {
        "name": "陈超",
        "id_number": make_ric("421121", date(1996, 3, 1), 11),
        "mobile": "13871234567",
        "county": "421121",
    }

    def post(i):
        client = APIClient()
        client.force_authenticate(officers[i])
        response = client.post("/api/v1/talents/", body, format="json")
        return response.status_code, response.json()

    # whichever catches the duplicate — the service's check or the unique index —
    results = all_at_once(post, n=len(officers))

    # then every refusal is the same 409 duplicate_talent naming id_number
    assert all(isinstance(r, tuple) for r in results), results
    refused = [body for code, body in results if code != 201]
    assert sorted(code for code, _body in results) == [201] + [409] * (len(officers) - 1)
    answers = {(b["code"], tuple(b["fields"])) for b in refused}
    assert answers == {("duplicate_talent", ("id_number",))}
    assert Talent.objects.count() == 1
