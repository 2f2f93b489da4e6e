"""A card holder books a green-channel slot on their phone (390×844), and the hospital's
liaison takes the visit from their home list to completed, one action per step."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from rencai.medical.choices import AppointmentStatus
from rencai.medical.models import Appointment
from rencai.medical.tests.factories import make_card_holder, make_hospital, make_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PASSWORD = "green-channel-2022"  # noqa: S105 (a test password)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def this_morning():
    """10:00 in Huanggang today (the real date, so the session cookie is valid), ticking."""
    today = timezone.localdate()
    moment = timezone.make_aware(datetime.combine(today, time(10, 0)))
    with time_machine.travel(moment, tick=True):
        yield moment


def _with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_a_card_holder_books_on_a_phone_and_the_liaison_completes_the_visit(
    page, live_server, login, this_morning
):
    # given a designated hospital with a slot at 11:00 today, and a green-card holder
    SHOTS.mkdir(parents=True, exist_ok=True)
    hospital = make_hospital()
    slot = make_slot(
        hospital, day=this_morning.date(), start=time(11, 0), service="心血管内科 人才门诊"
    )
    talent = make_card_holder(name="李明华")
    _with_password(talent.user)
    _with_password(hospital.liaison)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(PHONE)

    # when the talent signs in on the phone and books the slot from their home page
    login(talent.user.username, PASSWORD)
    page.click("#home-talent-medical a[href='/medical/book/']")
    _fits_the_phone(page)
    page.locator(f"form[data-slot='{slot.pk}'] button[type=submit]").click()

    # then the booking is shown, booked
    expect(page).to_have_url(re.compile(r"/medical/appointments/\d+/$"))
    expect(page.locator("#appointment-status")).to_have_text("已预约")
    _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "medical-booked-phone.png"), full_page=True)
    appointment = Appointment.objects.get(talent=talent)

    # when the liaison signs in and runs the visit from today's list on their home page
    page.context.clear_cookies()
    login(hospital.liaison.username, PASSWORD)
    row = page.locator(f"#home-liaison-today tr[data-appointment='{appointment.pk}']")
    for step, status in (("check_in", "已签到"), ("accompany", "已签到"), ("complete", "已完成")):
        row.locator(f"button[data-step='{step}']").click()
        page.wait_for_load_state()
        expect(row).to_contain_text(status)
    page.screenshot(path=str(SHOTS / "medical-liaison-today.png"), full_page=True)

    # then the visit is completed, accompanied by the liaison, with no step left to take
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.FULFILLED
    assert appointment.accompanied_by == hospital.liaison
    assert row.locator("button[data-step]").count() == 0
    assert problems == []
    assert appointment.completed_at - this_morning < timedelta(hours=1)
