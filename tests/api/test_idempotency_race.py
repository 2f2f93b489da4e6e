"""Answers that do not depend on timing (PostgreSQL: concurrent writers on their own
connections). Fifty requests with one Idempotency-Key at once: one 201, forty-nine 200 with
the same body, one case."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from rencai.desk.models import Application
from rencai.desk.tests.factories import Desk, serve

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
