"""The housing demo dated at the end of 2022 (`load_demo --as-of 2022-12-31`): its rounds close
in early December, before the last building's apartments are ready (19 December), so no
apartment is offered before its ready day — it used to be offered, and its acceptance refused
("a state change before the current state's start")."""

from datetime import date

import pytest
from django.db import transaction

from rencai.core import city, demo_loaders, sms
from rencai.housing.choices import UnitState
from rencai.housing.models import Offer, Tenancy, UnitStatePeriod

pytestmark = [pytest.mark.django_db]

AS_OF = date(2022, 12, 31)
LOADERS = frozenset({"core", "talents", "policies", "housing"})  # what housing's story needs


@pytest.fixture(scope="module")
def year_end(django_db_setup, django_db_blocker):
    options = demo_loaders.DemoOptions(
        data_dir=city.data_dir(),
        as_of=AS_OF,
        talents=300,
        batch_size=300,
        progress=False,
        only=LOADERS,
    )
    with django_db_blocker.unblock(), sms.quietly(), transaction.atomic():
        yield dict(demo_loaders.load_all(options))
        transaction.set_rollback(True)


def ready_on(unit_id: int) -> date:
    period = UnitStatePeriod.objects.filter(unit_id=unit_id, state=UnitState.READY).first()
    assert period is not None
    return period.started_on


def test_the_year_end_demo_loads_with_tenancies_and_a_move_out(year_end):
    assert "tenancies" in year_end["housing"]
    assert Tenancy.objects.exists()
    assert "1 moved out" in year_end["housing"]


def test_no_apartment_is_offered_before_its_ready_day(year_end):
    offers = list(Offer.objects.values_list("unit_id", "offered_on"))

    assert offers
    assert all(offered_on >= ready_on(unit_id) for unit_id, offered_on in offers)
