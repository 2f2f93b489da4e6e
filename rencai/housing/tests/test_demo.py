"""The housing demo: the 162 apartments of September 2022, made through the services at
their dates, with applications, rounds and tenancies."""

from datetime import date

import pytest
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.models import AuditEvent, User
from rencai.core.tests.demo import demo_fixture
from rencai.core.tests.factories import make_user
from rencai.housing.choices import RoundState, TenancyState
from rencai.housing.models import AllocationRound, HousingApplication, RankEntry, Tenancy, Unit

# PostgreSQL only: the demo's numbers do not depend on the database, and the whole demo's load
# on SQLite (`make run`) is tested by rencai/core/tests/test_demo_empty.py (CI's time).
pytestmark = [pytest.mark.django_db]


demo = demo_fixture(talents=300, batch_size=300)


def test_exactly_162_apartments_had_started_their_fit_out_by_30_september_2022(demo):
    task_force = make_user(role=Role.TASK_FORCE)
    counted = Unit.objects.filter(fit_out_started_on__lte=date(2022, 9, 30)).count()

    by_sep_30 = figures.compute(
        "housing.units_fit_out_started", task_force, as_of=date(2022, 9, 30)
    ).total
    by_aug_31 = figures.compute(
        "housing.units_fit_out_started", task_force, as_of=date(2022, 8, 31)
    ).total

    assert by_sep_30.value == counted == 162
    assert by_aug_31.value == 0


def test_the_city_housing_bureau_sees_all_162(demo):
    housing = User.objects.get(username="housing")

    total = figures.compute("housing.units_fit_out_started", housing, as_of=date(2022, 9, 30)).total

    assert total.value == 162


def test_the_demo_has_applications_a_frozen_round_and_tenancies(demo):
    assert HousingApplication.objects.count() > 0
    assert AllocationRound.objects.filter(state=RoundState.CLOSED).exists()
    assert RankEntry.objects.exists()
    assert Tenancy.objects.filter(state=TenancyState.ACTIVE).exists()
    assert Tenancy.objects.filter(state=TenancyState.ENDED).count() == 1


def test_the_demo_work_is_audited_at_its_dates(demo):
    first = AuditEvent.objects.filter(action="housing.unit_add").order_by("created_at").first()

    assert timezone.localtime(first.created_at).date() == date(2022, 9, 5)
