"""Synthetic cases for benchmarks (`load_demo --applications N`): what the database's rules
and the desk's figures need, deterministic from the seed. A few hundred here; a million only
in bench/dashboard.py."""

from array import array
from datetime import date

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from rencai.desk.choices import ApplicationState as A
from rencai.desk.generate import CaseGenerator, benefits_from_db, generate_applications
from rencai.desk.models import Application, CaseCounter, Disbursement
from rencai.policies.choices import DEAD_STATES
from rencai.policies.models import Entitlement
from rencai.talents.tests.factories import make_talent

from .factories import make_desk_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def registry():
    benefits = [make_desk_benefit(), make_desk_benefit(exclusivity_group="housing")]
    benefits.append(make_desk_benefit(exclusivity_group="housing"))
    talents = [make_talent() for _ in range(12)]
    return benefits, talents


def test_the_cases_are_made_with_their_entitlements_and_payments(registry):
    made = generate_applications(300, seed=7)

    assert made["applications"] == Application.objects.count() == 300
    assert Entitlement.objects.filter(application__isnull=False).count() == 300
    paid = Application.objects.filter(state__in=(A.DISBURSED, A.CLOSED))
    assert made["disbursements"] == Disbursement.objects.count() == paid.count() > 0
    assert not Disbursement.objects.exclude(application__in=paid).exists()
    local = [timezone.localtime(c.created_at).date() for c in Application.objects.all()]
    assert min(local) >= date(2021, 1, 1)
    assert max(local) <= date(2022, 12, 31)


def test_a_talent_holds_one_live_entitlement_per_benefit_and_group(registry):
    generate_applications(400, seed=3)

    live = Entitlement.objects.exclude(state__in=DEAD_STATES)
    per_benefit = live.values("talent", "benefit").annotate(n=Count("pk")).filter(n__gt=1)
    grouped = live.exclude(exclusivity_group="").values("talent", "exclusivity_group")
    assert not per_benefit.exists()
    assert not grouped.annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert Entitlement.objects.filter(state__in=DEAD_STATES).exists()  # the refused ones


def test_decided_cases_have_what_the_figures_read(registry):
    generate_applications(200, seed=5)

    decided = Application.objects.filter(state__in=(A.APPROVED, A.REJECTED, A.DISBURSED))
    assert decided.exists()
    assert not decided.filter(
        Q(decided_at__isnull=True) | Q(handling_working_days__isnull=True)
    ).exists()
    assert not decided.filter(decided_at__lt=F("created_at")).exists()
    assert not Disbursement.objects.filter(paid_on__lt=F("application__created_at")).exists()


def test_case_numbers_are_unique_and_the_year_counter_moves_past_them(registry):
    generate_applications(150, seed=1)

    numbers = list(Application.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 150
    last = {c.year: c.last for c in CaseCounter.objects.all()}
    for year in (2021, 2022):
        mine = [n for n in numbers if f"{year}-" in n]
        assert last[year] == max(int(n.split("-")[1]) for n in mine)


def test_the_same_seed_makes_the_same_cases(registry):
    def cases(seed):
        generator = CaseGenerator(
            seed=seed,
            talents=(array("q", [11, 12, 13]), array("q", [1, 1, 2])),
            benefits=benefits_from_db(),
            service_points={},
            prefix="HG",
            first_numbers={},
        )
        return list(generator.cases(50))

    assert cases(9) == cases(9)
    assert cases(9) != cases(10)
