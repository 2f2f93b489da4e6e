"""The lists behind the registry's figures (issue 15): the registry as it stood on a day, and
every card record recorded in a period, by the talent's county — scoped, with the filters in
force said above the list."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import Talent, TalentCard
from rencai.talents.tests.factories import make_card, make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def wuxue():
    return make_county("421182", "武穴市")


def _registered(county, day: date, **fields) -> Talent:
    talent = make_talent(county=county, **fields)
    Talent.objects.filter(pk=talent.pk).update(created_at=_at(day))
    return talent


def _card(talent, day: date, **fields) -> TalentCard:
    card = make_card(talent, **fields)
    TalentCard.objects.filter(pk=card.pk).update(issued_at=_at(day))
    return card


def test_the_registry_as_of_a_day_holds_who_had_registered_and_not_yet_left(tuanfeng):
    # given talents registered before and after 30 September, one who left on the 20th and
    # one who leaves in October
    stayed = _registered(tuanfeng, date(2022, 8, 1), name="留下")
    _registered(tuanfeng, date(2022, 8, 2), name="九月走", departed_on=date(2022, 9, 20))
    left_later = _registered(
        tuanfeng, date(2022, 8, 3), name="十月走", departed_on=date(2022, 10, 5)
    )
    _registered(tuanfeng, date(2022, 10, 1), name="十月来")
    task_force = make_user(role=Role.TASK_FORCE)

    # when the task force opens the registry as of 30 September
    response = page_client(task_force).get(
        reverse("talents:list"), {"county": tuanfeng.pk, "as_of": "2022-09-30"}
    )

    # then it lists those standing on the day, and says so above the list
    assert response.status_code == 200
    assert {t.pk for t in response.context["talents"]} == {stayed.pk, left_later.pk}
    assert "团风县 · 截至 2022年9月30日" in response.content.decode()


def test_the_card_list_shows_every_card_record_of_the_county_recorded_in_the_period(
    tuanfeng, wuxue
):
    # given two card records of one talent in September (issued, then revoked and recorded
    # again), one in August, and one of another county's talent in September
    talent = _registered(tuanfeng, date(2022, 1, 1))
    first = _card(talent, date(2022, 9, 2), status=CardStatus.REVOKED)
    second = _card(talent, date(2022, 9, 28), kind=CardKind.CHUCAI_CARD)
    _card(_registered(tuanfeng, date(2022, 1, 1)), date(2022, 8, 31))
    _card(_registered(wuxue, date(2022, 1, 1)), date(2022, 9, 10))
    task_force = make_user(role=Role.TASK_FORCE)

    # when the task force opens the card list for 团风 and September
    response = page_client(task_force).get(
        reverse("talents:card-list"),
        {"county": tuanfeng.pk, "issued_from": "2022-09-01", "issued_to": "2022-09-30"},
    )

    # then it shows the two records, newest first, under the line of its filters
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [second.pk, first.pk]
    body = response.content.decode()
    assert "2022年9月 · 团风县" in body
    assert 'id="clear-active-filters"' in body
    assert (
        f"?county={tuanfeng.pk}&amp;issued_from=2022-09-01&amp;issued_to=2022-09-30&amp;format=xlsx"
        in body
    )


def test_a_county_officer_sees_only_the_cards_of_their_countys_talents(tuanfeng, wuxue):
    # given a card in each county
    own = _card(_registered(tuanfeng, date(2022, 1, 1)), date(2022, 9, 2))
    _card(_registered(wuxue, date(2022, 1, 1)), date(2022, 9, 2))
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    # when 团风's officer opens the card list, even asking for 武穴
    mine = page_client(officer).get(reverse("talents:card-list"))
    theirs = page_client(officer).get(reverse("talents:card-list"), {"county": wuxue.pk})

    # then only their county's card is listed; a county not theirs is no filter (ignored,
    # as every list's invalid filter), so it never widens what they see
    assert [c.pk for c in mine.context["page"].object_list] == [own.pk]
    assert [c.pk for c in theirs.context["page"].object_list] == [own.pk]


def test_an_empty_card_list_says_so(tuanfeng):
    task_force = make_user(role=Role.TASK_FORCE)
    response = page_client(task_force).get(reverse("talents:card-list"))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_the_card_list_exports_every_card_record_its_filters_keep_to_xlsx(tuanfeng, wuxue):
    # given two card records in 团风 in September, one in August and one in 武穴
    talent = _registered(tuanfeng, date(2022, 1, 1), name="陈超")
    first = _card(talent, date(2022, 9, 2), status=CardStatus.REVOKED)
    second = _card(talent, date(2022, 9, 28))
    _card(_registered(tuanfeng, date(2022, 1, 1)), date(2022, 8, 31))
    _card(_registered(wuxue, date(2022, 1, 1)), date(2022, 9, 10))

    # when the task force exports 团风's card records of September
    response = page_client(make_user(role=Role.TASK_FORCE)).get(
        reverse("talents:card-list"),
        {
            "county": tuanfeng.pk,
            "issued_from": "2022-09-01",
            "issued_to": "2022-09-30",
            "format": "xlsx",
        },
    )

    # then the workbook holds the header and both records, newest first, with no identity
    # number or mobile, and the export is audited
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "记录时间", "姓名", "县市区", "卡片类型", "卡号", "有效期起", "有效期至", "状态"
    )  # fmt: skip
    assert [(row[0].date(), row[1], row[2], row[4]) for row in rows[1:]] == [
        (date(2022, 9, 28), "陈超", "团风县", second.number),
        (date(2022, 9, 2), "陈超", "团风县", first.number),
    ]
    assert talent.id_number not in str(rows)
    assert talent.mobile not in str(rows)
    assert AuditEvent.objects.filter(action="card.export").count() == 1
