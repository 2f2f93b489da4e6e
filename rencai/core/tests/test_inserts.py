"""Rows of several tables in one round trip (`core.inserts.insert_together`): every row
written as `create` would write it, all or none, and on PostgreSQL in one statement."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from rencai.core import audit, clock
from rencai.core.inserts import insert_together
from rencai.core.models import AuditEvent, OneTimeCode

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def _code(mobile: str) -> OneTimeCode:
    return OneTimeCode(purpose="test", mobile=mobile, code_hash="x" * 64, expires_at=clock.now())


def test_every_batch_is_written_with_its_defaults_and_changes():
    actor = make_user()
    event = audit.event(
        actor, "core.test", target_type="core.user", target_repr="2", changes={"found": 2}
    )

    insert_together([_code("13800000001"), _code("13800000002")], [], [event])

    assert sorted(OneTimeCode.objects.values_list("mobile", flat=True)) == [
        "13800000001",
        "13800000002",
    ]
    written = AuditEvent.objects.get(action="core.test")
    assert (written.actor, written.target_repr, written.changes) == (actor, "2", {"found": 2})
    assert written.created_at == event.created_at <= clock.now()


def test_nothing_is_written_when_one_batch_fails():
    events = AuditEvent.objects.count()
    broken = audit.event(None, "core.test")
    broken.action = None  # NOT NULL

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_together([_code("13800000003")], [audit.event(None, "core.test"), broken])

    assert not OneTimeCode.objects.filter(mobile="13800000003").exists()
    assert AuditEvent.objects.count() == events


def test_on_postgresql_the_batches_are_one_statement():
    if connection.vendor != "postgresql":
        pytest.skip("one statement on PostgreSQL only (a transaction elsewhere)")
    with CaptureQueriesContext(connection) as queries:
        insert_together([_code("13800000004")], [audit.event(None, "core.test")])

    assert len(queries) == 1
    assert OneTimeCode.objects.filter(mobile="13800000004").exists()
    assert AuditEvent.objects.filter(action="core.test").exists()


def test_no_rows_no_statement():
    with CaptureQueriesContext(connection) as queries:
        insert_together([], [])

    assert len(queries) == 0
