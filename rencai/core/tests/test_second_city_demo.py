"""The second city runs every demo loader (issue 16): nothing Huanggang's is in the stories.

Given a fresh database and `RENCAI_CITY=xiaogan`, `load_demo` runs every registered loader from
孝感市's data folder (its city.json lists them all): the campaign, the mixers and the job fair,
the leader's visits and the talents' requests, the hospitals, loans, apartments, schooling,
tech projects and moves — each reading the city, its organisations and its counties from the
data. Then every demo user of Xiaogan's users.csv finds work on their home page, and no home
names 黄冈 or its area code.

The demo is loaded once for the module (a small registry: enough young talents for the
mixers); each test runs in its own savepoint.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from django.db import transaction
from django.test import Client, override_settings

from rencai.campaigns.models import Campaign, Indicator
from rencai.core import city, demo_loaders
from rencai.core.models import User
from rencai.core.tests.demo import load_demo
from rencai.engagement.models import ContactPairing, TalentRequest
from rencai.events.choices import EventKind
from rencai.events.models import Event

pytestmark = [pytest.mark.django_db]

XIAOGAN = city.DATA_ROOT / "xiaogan"
with (XIAOGAN / "users.csv").open(encoding="utf-8") as handle:
    USERS = [row["username"] for row in csv.DictReader(handle)]
NOT_HERE = ("黄冈", "Huanggang", "HG-", "0713-", "黄州", "武穴")
SECTION = re.compile(r'<section\b[^>]*id="(home-[^"]+)"[^>]*>(.*?)</section>', re.S)
ITEM = re.compile(r"<li\b|<tbody\b[^>]*>\s*<tr\b")


@pytest.fixture(scope="module")
def homes(django_db_setup, django_db_blocker) -> dict[str, str]:
    """Xiaogan's whole demo, and each of its demo users' home page rendered once."""
    with (
        override_settings(RENCAI_CITY="xiaogan", CARD_PREFIX=""),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        output = load_demo(talents=150, batch_size=150)
        pages = {"": output}
        for username in USERS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            response = client.get("/")
            assert response.status_code == 200, username
            pages[username] = response.content.decode()
        yield pages
        transaction.set_rollback(True)


def test_the_city_lists_every_loader_and_says_why_any_is_off():
    data = json.loads((XIAOGAN / "city.json").read_text(encoding="utf-8"))
    registered = {loader.name for loader in demo_loaders.ordered()}

    listed = set(data["demo_loaders"]) | set(data.get("demo_loaders_off", {}))

    assert registered <= listed
    assert all(data["demo_loaders_off"].values())  # each off loader has its reason


def test_every_loader_runs_for_the_second_city(homes):
    output = homes[""]
    ran = {loader.name for loader in demo_loaders.ordered()}

    assert [name for name in ran if f"{name}: " not in output] == []


def test_the_campaign_events_and_engagement_are_the_second_citys(homes):
    campaign = Campaign.objects.get()
    assert campaign.organiser.division.code == "420900"
    assert Indicator.objects.filter(unit__action__campaign=campaign).exists()
    mixers = Event.objects.filter(kind=EventKind.MIXER)
    assert mixers.count() == 10  # nine of the month, the next one
    assert {m.organiser.name for m in mixers} == {"共青团孝感市委员会"}
    assert Event.objects.filter(kind=EventKind.JOB_FAIR, division__code="420900").exists()
    assert ContactPairing.objects.filter(leader__username="leader").exists()
    assert TalentRequest.objects.filter(department__division__code="420984").exists()


@pytest.mark.parametrize("username", USERS)
def test_each_demo_users_home_has_work_and_names_no_other_city(homes, username):
    html = homes[username]

    assert [name for name, body in SECTION.findall(html) if ITEM.search(body)], username
    assert [word for word in NOT_HERE if word in html] == []
