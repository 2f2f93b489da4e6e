"""The move pages: the talent's county office records a departure, a return, a transfer; the
talent page shows where the talent is and the history; the one-person file lists the moves."""

from datetime import date

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.core.timeline import timeline_for
from rencai.talents.choices import MoveKind
from rencai.talents.models import DepartureReason, TalentMove
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = date(2022, 9, 6)


@pytest.fixture
def setting():
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    talent = make_talent(tuanfeng, arrival_date=date(2020, 3, 1))
    return tuanfeng, wuxue, officer, talent


def test_the_county_officer_records_a_departure_from_the_talent_page(setting):
    _, _, officer, talent = setting
    reason = DepartureReason.objects.get(code="further_study")

    with clock.at(TODAY):
        response = page_client(officer).post(
            reverse("talents:move-departure", args=[talent.pk]),
            {"moved_on": "2022-09-01", "reason": reason.pk, "note": "读博"},
        )

    assert response.status_code == 302
    move = TalentMove.objects.get(talent=talent)
    assert (move.kind, move.moved_on, move.reason, move.note) == (
        MoveKind.DEPARTURE,
        date(2022, 9, 1),
        reason,
        "读博",
    )


def test_a_departure_dated_tomorrow_comes_back_as_a_form_error(setting):
    _, _, officer, talent = setting
    reason = DepartureReason.objects.get(code="other")

    with clock.at(TODAY):
        response = page_client(officer).post(
            reverse("talents:move-departure", args=[talent.pk]),
            {"moved_on": "2022-09-07", "reason": reason.pk},
        )

    assert response.status_code == 200
    assert response.context["form"].errors["moved_on"]
    assert not TalentMove.objects.exists()


def test_another_county_gets_404_and_the_task_force_403(setting):
    _, wuxue, _, talent = setting
    url = reverse("talents:move-transfer", args=[talent.pk])

    other = page_client(make_user(role=Role.COUNTY_OFFICER, division=wuxue)).get(url)
    task_force = page_client(make_user(role=Role.TASK_FORCE)).get(url)

    assert (other.status_code, task_force.status_code) == (404, 403)


def test_a_transfer_moves_the_talent_to_the_new_countys_office(setting):
    _, wuxue, officer, talent = setting
    new_officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    with clock.at(TODAY):
        response = page_client(officer).post(
            reverse("talents:move-transfer", args=[talent.pk]),
            {"moved_on": "2022-09-01", "to_county": wuxue.pk},
        )

    assert response.status_code == 302
    assert (
        page_client(new_officer).get(reverse("talents:detail", args=[talent.pk])).status_code == 200
    )
    assert page_client(officer).get(reverse("talents:detail", args=[talent.pk])).status_code == 404


def test_the_talent_page_shows_the_moves_and_the_one_person_file_lists_them(setting):
    _, _, officer, talent = setting
    reason = DepartureReason.objects.get(code="family")
    with clock.at(TODAY):
        moves.record_departure(talent, actor=officer, moved_on=date(2021, 5, 1), reason=reason)
        moves.record_return(talent, actor=officer, moved_on=date(2022, 2, 1))

        page = page_client(officer).get(reverse("talents:detail", args=[talent.pk]))
        entries = [e for e in timeline_for(officer, talent) if e.kind == "moves"]

    assert page.status_code == 200
    assert 'id="moves"' in page.content.decode()
    assert 'id="move-departure"' in page.content.decode()
    assert [(e.when.date(), e.title) for e in entries] == [
        (date(2022, 2, 1), "返回本市"),
        (date(2021, 5, 1), "离开本市（家庭原因）"),
    ]


def test_both_counties_list_a_transfer_and_a_third_county_does_not(setting):
    tuanfeng, wuxue, officer, talent = setting
    third = make_user(role=Role.COUNTY_OFFICER, division=make_county("421122", "红安县"))
    with clock.at(TODAY):
        moves.record_transfer(talent, actor=officer, moved_on=date(2022, 9, 1), to_county=wuxue)
    new_officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)
    url = reverse("talents:move-list")

    listed = {
        name: [m.talent_id for m in page_client(user).get(url).context["page"].object_list]
        for name, user in (("old", officer), ("new", new_officer), ("third", third))
    }

    assert listed == {"old": [talent.pk], "new": [talent.pk], "third": []}
