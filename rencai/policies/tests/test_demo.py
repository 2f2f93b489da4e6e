"""The demo policies: loaded from data, idempotent, and the demo talent qualifies."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from rencai.core.demo import DATA_DIR, load_reference_data
from rencai.core.models import Division
from rencai.policies import evaluation, selectors
from rencai.policies.models import Benefit, BenefitVersion, Policy
from rencai.rules.dates import shift
from rencai.talents.demo import load_catalogues
from rencai.talents.models import Degree, Tag, Talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def city():
    load_reference_data(DATA_DIR)
    load_catalogues(DATA_DIR)


def demo_talent() -> Talent:
    """陈超 as talents.json describes him (ages and dates relative to today)."""
    spec = json.loads((DATA_DIR / "talents.json").read_text(encoding="utf-8"))["talents"][0]
    today = timezone.localdate()
    birth = shift(today, years=-spec["age"]) - timedelta(spec["days_since_birthday"])
    talent = Talent.objects.create(
        name=spec["name"],
        id_number="421102199601010011",
        birth_date=birth,
        mobile="13800000000",
        county=Division.objects.get(code=spec["county"]),
        degree=Degree.objects.get(code=spec["degree"]),
        graduation_date=today - timedelta(spec["graduated_days_ago"]),
        arrival_date=today - timedelta(spec["arrived_days_ago"]),
    )
    talent.tags.set(Tag.objects.filter(code__in=spec["tags"]))
    return talent


def test_demo_policies_load_once_and_again_without_duplicates(city):
    call_command("load_demo_policies")
    call_command("load_demo_policies")
    assert Benefit.objects.count() >= 8
    assert set(Policy.objects.values_list("is_example", flat=True)) == {True}
    assert BenefitVersion.objects.filter(number__gt=1).count() == 0
    assert not BenefitVersion.objects.filter(status="draft").exists()
    v1 = selectors.latest_published(Benefit.objects.get(code="home_purchase_subsidy"))
    assert v1.effective_from.isoformat() == "2022-08-23"


def test_demo_talent_qualifies_for_the_home_purchase_subsidy(city):
    call_command("load_demo_policies")
    today = timezone.localdate()
    talent = evaluation.talent_for_evaluation(demo_talent().pk, today)
    version = selectors.current_version(Benefit.objects.get(code="home_purchase_subsidy"), today)
    assert evaluation.explain(version, talent, today).outcome == "true"
    assert evaluation.amount_for(version, talent, today) == 3_000_000
    assert version.to_confirm == ["在黄冈市首次购房", "购房合同已网签备案"]


def test_every_demo_benefit_is_in_the_handbook(city):
    call_command("load_demo_policies")
    codes = {item.benefit.code for item in selectors.current_benefits(timezone.localdate())}
    assert {"home_purchase_subsidy", "talent_apartment", "annual_health_checkup"} <= codes
    assert len(codes) == Benefit.objects.count()
