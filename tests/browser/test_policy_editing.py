"""An officer raises the age limit of the home-purchase subsidy, sees the simulated effect,
publishes it, and the talent's policy pack shows the new rule."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from rencai.core.choices import Role
from rencai.core.demo import DATA_DIR, load_reference_data
from rencai.core.models import Division
from rencai.core.tests.factories import make_user
from rencai.policies.models import Benefit, OutreachNotice
from rencai.talents.demo import load_catalogues
from rencai.talents.models import Degree, Talent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Rencai-browser-2022"


def test_officer_raises_the_age_limit_and_the_talents_pack_shows_it(page, live_server, login):
    load_reference_data(DATA_DIR)
    load_catalogues(DATA_DIR)
    call_command("load_demo_policies", verbosity=0)
    benefit = Benefit.objects.get(code="home_purchase_subsidy")
    make_user("tf-officer", role=Role.TASK_FORCE, password=PASSWORD)
    account = make_user("chen-chao", role=Role.TALENT, password=PASSWORD)
    today = timezone.localdate()
    # A master's graduate of 42 who arrived last year: too old under "age ≤ 40".
    talent = Talent.objects.create(
        name="陈超",
        id_number="421102198401010016",
        birth_date=today.replace(year=today.year - 42) - timedelta(days=30),
        mobile="13871234567",
        county=Division.objects.get(code="421102"),
        degree=Degree.objects.get(code="master"),
        arrival_date=today - timedelta(days=365),
        user=account,
    )

    # The officer changes "age ≤ 40" to "age ≤ 45" in the rule builder and simulates.
    login("tf-officer", PASSWORD)
    page.goto(f"{live_server.url}/benefits/{benefit.pk}/draft/")
    age = page.locator(
        "#rule-builder .condition:has(select.fact option[value='age']:checked) input[type=number]"
    )
    expect(age).to_have_value("40")
    age.fill("45")
    expect(page.locator("textarea.rule-json")).to_have_value(re.compile(r'"age"\},45\]'))
    page.get_by_role("button", name=re.compile("Simulate|测算")).click()
    expect(page.locator("#simulation .sim-gained")).to_have_text("+1")
    expect(page.locator("#simulation .sim-lost")).to_have_text("−0")
    expect(page.locator("#simulation .sim-cost")).to_have_text("+¥30,000.00")
    page.screenshot(path="var/screenshots/policy-simulate.png", full_page=True)

    # Saving the draft leads to the benefit page, where the draft's effect is shown too.
    page.locator("#draft-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/benefits/{benefit.pk}/$"))
    draft = page.locator("#version-draft")
    expect(draft.locator(".sim-gained")).to_have_text("+1")
    expect(draft).to_contain_text("45")

    # Publishing makes version 2 the one in force, and outreach tells the talent.
    draft.locator(".publish-form button[type=submit]").click()
    expect(page.locator("#version-current")).to_contain_text("v2")
    assert OutreachNotice.objects.filter(talent=talent, subject_version=2).exists()
    page.locator("header form[action$='/logout/'] button").click()

    # The talent's own pack: the subsidy is open to them, under "age ≤ 45".
    login("chen-chao", PASSWORD)
    page.goto(f"{live_server.url}/pack/")
    item = page.locator("#pack-home_purchase_subsidy")
    expect(item.locator(".pack-conditions")).to_contain_text("45")
    expect(item.locator(".pack-conditions")).not_to_contain_text("40")
    expect(item.locator(".pack-outcome")).to_have_class(re.compile(r"\bok\b"))
    expect(item.locator(".pack-amount")).to_contain_text("¥30,000.00")
    page.screenshot(path="var/screenshots/policy-pack.png", full_page=True)
