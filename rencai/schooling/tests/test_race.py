"""Races on PostgreSQL: the talent's double click (many requests for one child at once) makes
one case; the office and the school recording one enrolment at once record it once. SQLite
serialises writers, so these run on PostgreSQL only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core.errors import Conflict
from rencai.core.tests import concurrency
from rencai.policies.models import Entitlement
from rencai.schooling import services
from rencai.schooling.models import EnrolmentCase, EnrolmentEvent

from .factories import Schooling

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_many_requests_for_one_child_at_once_make_one_case():
    world = Schooling()
    talent, (child,) = world.parent()

    results = all_at_once(lambda i: world.request(talent, child))

    made = [r for r in results if isinstance(r, EnrolmentCase)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 1, results
    assert len(refused) == THREADS - 1
    assert {r.code for r in refused} == {"duplicate_enrolment"}
    assert EnrolmentCase.objects.filter(child=child).count() == 1
    assert Entitlement.objects.live().filter(beneficiary=child).count() == 1


def test_office_and_school_recording_one_enrolment_at_once_record_it_once():
    world = Schooling()
    case = world.case_in("assigned")
    actors = [world.tuanfeng_officer, world.school_contact] * (THREADS // 2)

    results = all_at_once(lambda i: services.enrol_child(case, actor=actors[i]))

    assert sum(isinstance(r, EnrolmentCase) for r in results) == 1, results
    assert EnrolmentEvent.objects.filter(case=case, to_state="enrolled").count() == 1
