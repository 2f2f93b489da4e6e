"""The events pages: homes, the talent's list with reasons, the door (check-in form, walk-in,
xlsx import all-or-nothing)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from rencai.core import clock
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county
from rencai.events.models import CheckIn, Registration
from rencai.talents.identity import make_ric
from rencai.talents.tests.factories import make_talent

from .factories import make_event, make_organiser, make_registration, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
YOUNG = {"<=": [{"var": "age"}, 35]}


def test_an_organisers_home_shows_their_events_and_todays_check_ins():
    event = make_event()
    organiser = make_organiser(event.organiser)

    page = page_client(organiser).get("/")

    assert page.status_code == 200
    assert event.title in page.content.decode()


def test_a_talents_home_shows_events_they_may_join_and_their_registrations():
    open_event = make_event(title="可参加的活动")
    mine = make_event(title="已报名的活动")
    talent = make_talent_user()
    make_registration(mine, talent)

    body = page_client(talent.user).get("/").content.decode()

    assert "可参加的活动" in body
    assert "已报名的活动" in body
    assert open_event.pk


def test_the_talents_list_says_why_an_event_is_not_open_to_them():
    make_event(title="青年专场", audience_rule=YOUNG)
    older = make_talent_user(birth_date=date(clock.today().year - 50, 1, 1))

    body = page_client(older.user).get(reverse("events:list")).content.decode()

    assert "青年专场" in body
    assert "35" in body


def test_the_check_in_form_sent_twice_counts_once():
    event = make_event()
    registration = make_registration(event)
    client = page_client(make_organiser(event.organiser))
    url = reverse("events:check-in", args=[event.pk])

    client.post(url, {"code": registration.code.lower(), "scan_id": "form-1"})
    again = client.post(url, {"code": registration.code, "scan_id": "form-1"})
    other = client.post(url, {"code": registration.code, "scan_id": "form-2"})

    assert again.status_code == 200
    assert CheckIn.objects.filter(event=event).count() == 1
    assert other.context["refusal"].code == "already_checked_in"


def test_a_walk_in_is_registered_and_checked_in_from_the_door():
    event = make_event()
    county = make_county()
    client = page_client(make_organiser(event.organiser))

    response = client.post(
        reverse("events:walk-in", args=[event.pk]),
        {
            "id_type": "ric",
            "id_number": make_ric(county.code, date(1999, 3, 3), 21),
            "name": "赵敏",
            "mobile": "13711112222",
            "county": county.pk,
        },
    )

    assert response.status_code == 303
    assert CheckIn.objects.filter(event=event, registration__talent__name="赵敏").exists()


def _workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "姓名"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "sign-up.xlsx"
    return buffer


def test_an_import_with_one_bad_row_registers_no_one_and_names_the_row():
    event = make_event()
    known = make_talent()
    client = page_client(make_organiser(event.organiser))
    url = reverse("events:registrations", args=[event.pk])

    refused = client.post(
        url, {"file": _workbook([[known.id_number, known.name], ["421121199901010000", "无名"]])}
    )
    accepted = client.post(url, {"file": _workbook([[known.id_number, known.name]])})

    assert refused.status_code == 200
    assert [e.row for e in refused.context["import_errors"]] == [3]
    assert accepted.status_code == 303
    assert Registration.objects.filter(event=event, talent=known).count() == 1
