"""The schooling demo: the catalogue's benefit covers family, and the demo cases reach every
stage through the services, at the dates of the work (late August – September 2022)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from rencai.core.demo import DATA_DIR, load_reference_data
from rencai.core.tests.factories import make_county, make_talent, make_tier
from rencai.policies.models import Benefit
from rencai.schooling import demo
from rencai.schooling.models import EnrolmentCase
from rencai.talents.demo import load_catalogues

from .factories import Schooling, make_child

pytestmark = pytest.mark.django_db


def test_demo_catalogue_schooling_benefit_covers_family():
    load_reference_data(DATA_DIR)
    load_catalogues(DATA_DIR)

    call_command("load_demo_policies")

    assert Benefit.objects.get(code="children_schooling").covers_family


def test_demo_cases_reach_every_stage_at_the_dates_of_the_work():
    Schooling()
    huangzhou = make_county("421102", "黄州区")
    for _ in range(10):
        make_child(make_talent(county=huangzhou, tier=make_tier("B")), birth=date(2015, 5, 1))

    opened = demo.load_cases()

    cases = EnrolmentCase.objects.all()
    assert opened == cases.count() == 10
    assert set(cases.values_list("state", flat=True)) == {
        "requested",
        "reviewed",
        "assigned",
        "enrolled",
        "not_placed",
    }
    for case in cases:
        requested = timezone.localtime(case.requested_at).date()
        assert date(2022, 8, 23) <= requested <= date(2022, 8, 31)
        assert case.events.first().created_at == case.requested_at
        if case.enrolled_on:
            assert case.enrolled_on.month == 9
    assert demo.load_cases() is None  # once only
