"""Another city by data alone (issue 16): nothing in the code is Huanggang's.

Given a fresh database and `RENCAI_CITY=xiaogan`, `load_demo` loads 孝感市 from its data
folder (rencai/core/data/xiaogan: its counties, organisations, users, catalogues, example
policies and desk configuration, its card's name and prefix) — no Huanggang row. Then, with
no code change, the window serves a walk-in and settles a benefit, a county office issues the
city's card (numbered XG-…) whose public check names 孝感人才卡, and an outreach run finds the
talents a policy's rule selects. No page visited says 黄冈.

The demo is loaded once for the module (no synthetic talents: the named demo talent and the
desk's walk-ins); each test runs in its own savepoint.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from rencai.core import city, clock
from rencai.core.models import Division, Organisation, User
from rencai.core.tests.demo import load_demo
from rencai.desk import services as desk
from rencai.desk.choices import ApplicationState
from rencai.desk.models import CaseNumberPrefix
from rencai.desk.selectors import document_code
from rencai.policies import selectors as policy_selectors
from rencai.policies.models import Benefit, OutreachNotice
from rencai.policies.services.outreach import run_outreach, start_outreach
from rencai.talents.demo import register_example_talents
from rencai.talents.models import Degree, Talent
from rencai.talents.services.cards import issue_green_card
from rencai.talents.services.registry import find_for_window

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

XIAOGAN = city.DATA_ROOT / "xiaogan"
CARD_NAME = "孝感人才卡"
NOT_HERE = ("黄冈", "Huanggang", "HG-")


@pytest.fixture(scope="module")
def xiaogan(django_db_setup, django_db_blocker):
    """Xiaogan's demo in the empty test database, the city configured as Xiaogan."""
    with (
        override_settings(RENCAI_CITY="xiaogan", CARD_PREFIX=""),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield load_demo(talents=0)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_xiaogan(xiaogan):
    with override_settings(RENCAI_CITY="xiaogan", CARD_PREFIX=""):
        yield


def page(user: User | None, url: str) -> str:
    """The page as `user` sees it (anonymous when None), checked to name no other city."""
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert [word for word in NOT_HERE if word in html] == [], url
    return html


def user(username: str) -> User:
    return User.objects.get(username=username)


def county(name: str) -> Division:
    return Division.objects.get(name=name)


def test_the_demo_loads_the_second_city_alone_from_its_data(xiaogan):
    with (XIAOGAN / "users.csv").open(encoding="utf-8") as handle:
        usernames = {row["username"] for row in csv.DictReader(handle)}

    assert set(Division.objects.values_list("code", flat=True)) == {
        "420900", "420902", "420921", "420922", "420923", "420981", "420982", "420984",
    }  # fmt: skip
    assert not Organisation.objects.filter(name__contains="黄冈").exists()
    # the demo users, and a liaison the medical demo gives each hospital without one
    others = set(User.objects.values_list("username", flat=True)) - usernames
    assert usernames <= set(User.objects.values_list("username", flat=True))
    assert others == {"liaison-420984-people_hospital"}
    assert set(Benefit.objects.values_list("code", flat=True)) == {
        "home_purchase_subsidy", "talent_apartment", "graduate_living_allowance",
        "senior_title_award", "green_channel_medical", "annual_health_checkup",
        "children_schooling", "guarantee_loan_interest_subsidy",
    }  # fmt: skip
    assert CaseNumberPrefix.objects.get().prefix == "XG"
    # Every loader has Xiaogan's story (test_second_city_demo walks them with a registry).
    assert "desk:" in xiaogan
    assert "medical:" in xiaogan


def test_the_window_registers_a_walk_in_and_settles_the_home_purchase_subsidy(xiaogan):
    clerk, payer = user("clerk"), user("finance")
    today = clock.today()
    walk_in = register_example_talents(
        clerk,
        county=county("汉川市"),
        count=1,
        first=300,
        born=today.year - 30,
        degree=Degree.objects.get(code="master"),
        graduation_date=today - timedelta(days=400),
        arrival_date=today - timedelta(days=200),
    )[0]
    assert find_for_window(actor=clerk, id_number=walk_in.id_number) == [walk_in]
    benefit = Benefit.objects.get(code="home_purchase_subsidy")
    version = policy_selectors.current_version(benefit, today)

    case = desk.open_application(
        walk_in,
        benefit,
        actor=clerk,
        confirmed=[str(c) for c in version.to_confirm],
        payee_account="6217000012345678901",
    )
    for name in benefit.documents:
        desk.mark_document_seen(case, actor=clerk, code=document_code(str(name)))
    case = desk.accept_application(case, actor=clerk)
    case = desk.approve_application(case, actor=clerk)  # at the window, as desk.json allows
    payment = desk.disburse(case, actor=payer)

    case.refresh_from_db()
    assert case.state == ApplicationState.DISBURSED
    assert case.number.startswith("XG")
    assert payment.amount_fen == 30_000_00  # a master's subsidy, policies.json
    html = page(clerk, reverse("desk:application-detail", args=[case.pk]))
    assert case.number in html
    assert "孝感" in html
    page(clerk, reverse("desk:window"))


def test_a_card_is_numbered_with_the_citys_prefix_and_its_check_names_the_citys_card(xiaogan):
    officer = user("xiaonan")  # 孝南区人才办: the demo talent's county
    talent = Talent.objects.get(user__username="talent")
    today = clock.today()

    card = issue_green_card(
        talent, actor=officer, valid_from=today, valid_to=today + timedelta(days=3 * 365)
    )

    # the medical demo issued the first cards of the year to its card holders
    assert re.fullmatch(rf"XG-{today.year}-\d{{6}}", card.number)
    assert CARD_NAME in card.get_kind_display()
    assert CARD_NAME in page(None, reverse("talents:card-verify", args=[card.token]))
    assert CARD_NAME in page(officer, reverse("talents:detail", args=[talent.pk]))
    home = page(user("talent"), "/")  # the talent's phone card
    assert CARD_NAME in home
    assert "孝感市" in home


def test_outreach_finds_the_talents_the_rule_selects_and_records_their_notices(xiaogan):
    officer = user("hanchuan")  # 汉川市人才办: a county with no demo talents
    hanchuan = county("汉川市")
    today = clock.today()
    master = Degree.objects.get(code="master")
    recent = {
        "graduation_date": today - timedelta(days=400),
        "arrival_date": today - timedelta(days=200),
    }
    # The subsidy's rule: a master's or doctorate, at most 40, in the city at most 3 years.
    selected = register_example_talents(
        officer, county=hanchuan, count=2, first=400, born=today.year - 30, degree=master, **recent
    )
    register_example_talents(  # a bachelor: not selected
        officer,
        county=hanchuan,
        count=1,
        first=410,
        born=today.year - 30,
        degree=Degree.objects.get(code="bachelor"),
        **recent,
    )
    register_example_talents(  # over 40: not selected
        officer, county=hanchuan, count=1, first=420, born=today.year - 50, degree=master, **recent
    )
    benefit = Benefit.objects.get(code="home_purchase_subsidy")

    run = start_outreach(actor=officer, benefit=benefit, county=hanchuan)
    run = run_outreach(run.pk)

    assert run.found == 2
    notified = set(OutreachNotice.objects.filter(run=run).values_list("talent_id", flat=True))
    assert notified == {t.pk for t in selected}
