"""The engagement demo: the minister's 2022 five-ones visits to three enterprises' experts and
requests in every state, made through the services at the dates of the work."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rencai.core import clock
from rencai.core.demo import DATA_DIR, load_reference_data
from rencai.core.models import Organisation, User
from rencai.core.tests.factories import make_county, make_talent, make_tier

from .. import demo
from ..models import ContactLog, ContactPairing, FiveOnesTick, TalentRequest

pytestmark = pytest.mark.django_db

# Huanggang's named enterprises (a code in organisations.csv), in the file's order.
ENTERPRISES = ("黄冈伊利乳业有限公司", "黄冈楚天智能装备有限公司", "黄冈华瑞生物医药有限公司")


def test_the_demo_pairs_the_leader_with_three_experts_and_works_requests_in_every_state():
    load_reference_data(DATA_DIR)
    huangzhou = make_county("421102", "黄州区")
    for name in ENTERPRISES:
        employer = Organisation.objects.get(name=name)
        make_talent(county=huangzhou, tier=make_tier("A"), employer=employer)
    for _ in range(len(demo.PHONE_PLANS)):
        make_talent(county=huangzhou, tier=make_tier("B"))

    summary = demo.load_demo(None)

    assert summary == "3 pairings, 9 requests"
    leader = User.objects.get(username="leader")
    pairings = ContactPairing.objects.filter(leader=leader, year=2022)
    assert {p.talent.employer.name for p in pairings} == set(ENTERPRISES)
    assert FiveOnesTick.objects.filter(done_on=date(2022, 9, 8)).count() == 15
    assert ContactLog.objects.filter(kind="policy_pack").count() == 3
    states = set(TalentRequest.objects.values_list("state", flat=True))
    assert states == {"raised", "assigned", "in_progress", "answered", "reopened", "closed"}
    assert TalentRequest.objects.filter(excluded=True).exclude(exclusion_reason="").count() == 1
    assert TalentRequest.objects.filter(state="closed", reopen_count=1).count() == 1
    for request in TalentRequest.objects.all():
        assert timezone.localtime(request.raised_at).date() >= date(2022, 9, 8)
    assert demo.load_demo(None) == "engagement: already loaded"


def test_a_small_demo_gives_the_leader_this_years_pairing_and_wuxue_hrss_its_requests():
    # given the reference data, the catalogue's tiers and no talents at all (a small demo)
    load_reference_data(DATA_DIR)
    make_tier("A")
    make_tier("D", is_high_level=True)
    as_of = date(2026, 12, 7)
    options = SimpleNamespace(cases=True, as_of=as_of)

    # when the demo loads on that day
    with clock.at(clock.aware(datetime.combine(as_of, time(18)))):
        demo.load_demo(options)

    # then the leader is paired this year with an expert the task force registered, two of
    # the five items ticked and three still due, and 武穴市人社局 has two open requests
    leader = User.objects.get(username="leader")
    pairing = ContactPairing.objects.get(leader=leader, year=as_of.year)
    assert pairing.talent.tier.is_high_level
    assert FiveOnesTick.objects.filter(pairing=pairing).count() == 2
    bureau = Organisation.objects.get(code="hrss", division__code="421182")
    wuxue = TalentRequest.objects.filter(department=bureau)
    assert wuxue.count() == 2
    assert {r.talent.county.code for r in wuxue} == {"421182"}
    assert set(wuxue.values_list("state", flat=True)) == {"assigned", "in_progress"}
