"""Races on PostgreSQL: runs telling the same subject at once tell each talent once. SQLite
serialises writers, so this runs on PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Q

from rencai.core import clock
from rencai.core.models import Notification
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import OutreachNotice, OutreachRun
from rencai.policies.services.outreach import run_outreach
from rencai.policies.subjects import register_outreach_subject, unregister_outreach_subject
from rencai.talents.models import Tag
from rencai.talents.tests.factories import make_talent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6
KIND = "tests.race"


@pytest.fixture
def kind():
    register_outreach_subject(
        KIND,
        model=Tag,
        label="race",
        audience=lambda tag: Q(tags=tag),
        version=lambda tag: 1,
        message=lambda tag: (tag.name, ""),
        url=lambda tag: "/",
    )
    yield KIND
    unregister_outreach_subject(KIND)


def test_runs_telling_the_same_subject_at_once_tell_each_talent_once(kind):
    # given a subject with five talents in its audience, and six runs queued for it
    tag = Tag.objects.create(code="race", name="同时发布")
    talents = [make_talent(tags=[tag]) for _ in range(5)]
    runs = [
        OutreachRun.objects.create(
            trigger=OutreachTrigger.SUBJECT,
            subject_kind=kind,
            subject_id=tag.pk,
            evaluated_on=clock.today(),
        )
        for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    errors: list = []

    def work(i):
        try:
            barrier.wait(timeout=30)
            run_outreach(runs[i].pk)
        except Exception as exc:  # noqa: BLE001 (collected and asserted on)
            errors.append(exc)
        finally:
            connections.close_all()

    # when the six runs execute at once
    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then every talent has one notice and one notification, and the runs' counts add up
    assert errors == []
    assert OutreachNotice.objects.count() == 5
    for talent in talents:
        told = Notification.objects.filter(subject_type="talents.talent", subject_id=talent.pk)
        assert told.count() == 1
    assert sum(OutreachRun.objects.values_list("notified", flat=True)) == 5
