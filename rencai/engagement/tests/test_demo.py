"""The engagement demo: the minister's 2022 five-ones visits to three enterprises' experts and
requests in every state, made through the services at the dates of the work."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from rencai.core.demo import DATA_DIR, load_reference_data
from rencai.core.models import Organisation, User
from rencai.core.tests.factories import make_county, make_talent, make_tier

from .. import demo
from ..models import ContactLog, ContactPairing, FiveOnesTick, TalentRequest

pytestmark = pytest.mark.django_db


def test_the_demo_pairs_the_leader_with_three_experts_and_works_requests_in_every_state():
    load_reference_data(DATA_DIR)
    huangzhou = make_county("421102", "黄州区")
    for name in demo.ENTERPRISES:
        employer = Organisation.objects.get(name=name)
        make_talent(county=huangzhou, tier=make_tier("A"), employer=employer)
    for _ in range(len(demo.PHONE_PLANS)):
        make_talent(county=huangzhou, tier=make_tier("B"))

    summary = demo.load_demo(None)

    assert summary == "3 pairings, 9 requests"
    leader = User.objects.get(username="leader")
    pairings = ContactPairing.objects.filter(leader=leader, year=2022)
    assert {p.talent.employer.name for p in pairings} == set(demo.ENTERPRISES)
    assert FiveOnesTick.objects.filter(done_on=date(2022, 9, 8)).count() == 15
    assert ContactLog.objects.filter(kind="policy_pack").count() == 3
    states = set(TalentRequest.objects.values_list("state", flat=True))
    assert states == {"raised", "assigned", "in_progress", "answered", "reopened", "closed"}
    assert TalentRequest.objects.filter(excluded=True).exclude(exclusion_reason="").count() == 1
    assert TalentRequest.objects.filter(state="closed", reopen_count=1).count() == 1
    for request in TalentRequest.objects.all():
        assert timezone.localtime(request.raised_at).date() >= date(2022, 9, 8)
    assert demo.load_demo(None) == "engagement: already loaded"
