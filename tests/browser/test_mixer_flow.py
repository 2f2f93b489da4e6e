"""A young talent registers for a mixer on a phone (390×844), is checked in at the door by the
organiser's check-in page (the code from their QR, as a handheld scanner types it), picks
someone after the mixer, and sees the match once the organiser closes the round."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.events import services
from rencai.events.models import CheckIn
from rencai.events.tests.factories import (
    make_event,
    make_organiser,
    make_participant,
    make_talent_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PASSWORD = "mixer-2022"  # noqa: S105 (a test password)
PHONE = {"width": 390, "height": 844}


def _with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_a_young_talent_registers_checks_in_by_qr_picks_and_sees_a_match(page, live_server, login):
    # given a published mixer of the youth league, its organiser, and a participant already in
    SHOTS.mkdir(parents=True, exist_ok=True)
    event = make_event(
        title="青年有约·爱在黄冈（第十期）", audience_rule={"<=": [{"var": "age"}, 35]}
    )
    organiser = _with_password(make_organiser(event.organiser))
    other = make_participant(event, make_talent_user(name="王晓雨"))
    talent = make_talent_user(name="李青")
    talent.birth_date = talent.birth_date.replace(year=2000)
    talent.save(update_fields=["birth_date"])
    _with_password(talent.user)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(PHONE)

    # when the talent registers on the phone
    login(talent.user.username, PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/")
    _fits_the_phone(page)
    page.click("#register-button")
    code = page.locator("#registration-code").inner_text()
    expect(page.locator("#my-registration img")).to_be_visible()
    page.screenshot(path=str(SHOTS / "events-registered-phone.png"), full_page=True)

    # and the organiser's check-in page receives the code from the QR (a scanner types it)
    page.context.clear_cookies()
    login(organiser.username, PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/check-in/")
    _fits_the_phone(page)
    page.fill("input[name=code]", code)
    page.keyboard.press("Enter")
    expect(page.locator("#scan-result .success")).to_be_visible()
    assert CheckIn.objects.filter(registration__code=code).count() == 1

    # and the talent picks the other participant, who picked them too
    services.set_picks(other, actor=other.talent.user, chosen=[_registration_pk(event, code)])
    page.context.clear_cookies()
    login(talent.user.username, PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/picks/")
    _fits_the_phone(page)
    page.check(f"input[name=chosen][value='{other.pk}']")
    page.click("#picks-form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/picks/$"))

    # when the organiser closes the round
    page.context.clear_cookies()
    login(organiser.username, PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.click("button[value=close_picks]")

    # then the talent sees the match, and shares contacts
    page.context.clear_cookies()
    login(talent.user.username, PASSWORD)
    page.goto(f"{live_server.url}/events/{event.pk}/matches/")
    _fits_the_phone(page)
    expect(page.locator("#match-list")).to_contain_text("王晓雨")
    page.screenshot(path=str(SHOTS / "events-match-phone.png"), full_page=True)
    assert not problems, problems
    assert uuid.UUID  # the check-in page made the scan id (crypto.randomUUID) in the browser


def _registration_pk(event, code) -> int:
    return event.registrations.get(code=code).pk
