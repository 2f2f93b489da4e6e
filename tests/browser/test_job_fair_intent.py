"""A seeker proposes an employment intent on an enterprise's position on their phone
(390×844); the enterprise's contact confirms it from their home; the intent then counts."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from rencai.events.fairs.choices import IntentStatus
from rencai.events.fairs.models import EmploymentIntent
from rencai.events.fairs.tests.factories import (
    make_enterprise,
    make_fair,
    make_participant,
    make_position,
    make_seeker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PASSWORD = "job-fair-2022"  # noqa: S105 (a test password)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def this_morning():
    today = timezone.localdate()
    moment = timezone.make_aware(datetime.combine(today, time(9, 30)))
    with time_machine.travel(moment, tick=True):
        yield moment


def _with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_an_enterprises_position_receives_an_intent_that_both_sides_confirm(
    page, live_server, login, this_morning
):
    # given a published job fair, an enterprise's position there, and a registered seeker
    SHOTS.mkdir(parents=True, exist_ok=True)
    fair = make_fair(title="离校未就业高校毕业生专场招聘会")
    participant = make_participant(fair, make_enterprise("黄冈楚天智能装备有限公司"), booth="A01")
    position = make_position(participant, title="机械设计工程师", headcount=5)
    seeker = make_seeker(fair, name="王晓雨")
    _with_password(seeker.user)
    _with_password(participant.contact)
    page.set_viewport_size(PHONE)

    # when the seeker opens the position on their phone and proposes an intent
    login(seeker.user.username, PASSWORD)
    page.goto(f"{live_server.url}/fairs/positions/?fair={fair.pk}")
    _fits_the_phone(page)
    page.click(f"a[href='/fairs/positions/{position.pk}/']")
    page.click("#propose-intent")
    page.wait_for_load_state()

    # then the intent waits for the enterprise
    row = page.locator("#intent-table tr[data-intent]")
    expect(row.locator(".intent-status")).to_have_text("待确认")
    _fits_the_phone(page)
    intent = EmploymentIntent.objects.get(talent=seeker, position=position)
    assert intent.status == IntentStatus.PROPOSED

    # when the enterprise's contact signs in, finds it on their home and confirms it
    page.context.clear_cookies()
    login(participant.contact.username, PASSWORD)
    expect(page.locator("#home-fairs-contact")).to_contain_text("王晓雨")
    page.click(f"#home-fairs-contact a[href='/fairs/positions/{position.pk}/']")
    page.click(f"tr[data-intent='{intent.pk}'] button[data-action='confirm-enterprise']")
    page.wait_for_load_state()

    # then both sides have confirmed and the intent counts
    expect(page.locator(f"tr[data-intent='{intent.pk}'] .intent-status")).to_have_text("双方已确认")
    _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "fairs-intent-confirmed-phone.png"), full_page=True)
    intent.refresh_from_db()
    assert intent.status == IntentStatus.CONFIRMED
    assert intent.seeker_confirmed_at is not None
    assert intent.enterprise_confirmed_at is not None
