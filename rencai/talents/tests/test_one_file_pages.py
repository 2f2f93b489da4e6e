"""A page of the one-person file builds only itself (issue 15): the providers are asked for the
entries up to the end of the page, the pages go "newer / older" without a total, and entries
at the same moment keep one order, so no entry is lost or repeated at a page's boundary."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user
from rencai.core.timeline import Entry, timeline_for
from rencai.desk import services
from rencai.desk.tests.factories import YEAR, Desk, make_desk_benefit, open_case
from rencai.desk.timeline import case_entries
from rencai.policies.timeline import entitlement_entries
from rencai.talents.choices import MoveKind
from rencai.talents.models import DepartureReason, TalentMove
from rencai.talents.timeline import move_entries
from rencai.talents.views import file as file_views

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _at(month: int, day: int, hour: int = 9) -> datetime:
    return clock.aware(datetime(YEAR, month, day, hour))  # noqa: DTZ001 (Asia/Shanghai)


def _case(desk: Desk):
    benefit = make_desk_benefit(owning_department=desk.housing, paying_department=desk.finance)
    return open_case(desk.clerk, desk.talent, benefit)


def _paid_case(desk: Desk, *, opened: datetime, approved: datetime, paid: datetime):
    with clock.at(opened):
        case = _case(desk)
    with clock.at(approved):
        case = services.accept_application(case, actor=desk.clerk)
        case = services.approve_application(case, actor=desk.housing_officer)
    with clock.at(paid):
        services.disburse(case, actor=desk.finance_officer)
    return case


def _shown(html: str) -> list[str]:
    """The entries of a page, each "time kind title" as the reader sees them."""
    section = html.split('id="file-entries"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"<[^>]+>|\s+", " ", li).split()
        for li in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]


@pytest.fixture
def desk():
    return Desk()


@pytest.fixture
def officer():
    return make_user(role=Role.TASK_FORCE)


def test_the_first_page_shows_the_newest_entries_of_every_kind_interleaved_by_time(
    desk, officer, monkeypatch
):
    """Given a case paid in March and a second case opened between its decision and its
    payment, when the task force reads the file four entries a page, then the page holds
    the four newest entries of three apps in time order (the registration, made today, first)."""
    first_case = _paid_case(desk, opened=_at(3, 1), approved=_at(3, 2, 10), paid=_at(3, 9))
    with clock.at(_at(3, 5)):
        second = _case(desk)
    monkeypatch.setattr(file_views, "PAGE_SIZE", 4)
    client = page_client(officer, english=True)

    html = client.get(reverse("talents:file", args=[desk.talent.pk])).content.decode()

    rows = [" ".join(row) for row in _shown(html)]
    assert len(rows) == 4
    assert "Registered in" in rows[0]
    assert f"Paid: {first_case.benefit.name}" in rows[1]
    assert f"{second.benefit.name}: Pending" in rows[2]  # its entitlement, at the same moment
    assert f"Case opened: {second.benefit.name}" in rows[3]  # as its case: kind decides
    assert 'rel="next"' in html
    assert 'rel="prev"' not in html


def test_the_next_page_goes_on_where_the_first_stopped_across_entries_at_one_moment(
    desk, officer, monkeypatch
):
    """Given seven cases opened at the same moment (seven cases and seven entitlements tied),
    when the file is read three entries a page, then the pages, one after the other, are
    the whole file in its order: nothing lost or shown twice at a boundary."""
    with clock.at(_at(4, 1)):
        for _ in range(7):
            _case(desk)
    monkeypatch.setattr(file_views, "PAGE_SIZE", 3)
    client = page_client(officer, english=True)
    url = reverse("talents:file", args=[desk.talent.pk])

    pages, number = [], 1
    while True:
        html = client.get(url, {"page": number}).content.decode()
        pages.append(_shown(html))
        if 'rel="next"' not in html:
            break
        number += 1

    whole = timeline_for(officer, desk.talent)
    assert len(whole) == 15  # the registration, seven cases opened, seven entitlements
    assert len(pages) == 5
    assert [len(page) for page in pages] == [3, 3, 3, 3, 3]
    read = [" ".join(row) for page in pages for row in page]
    assert len(set(read)) == 15
    assert all(entry.title in row for row, entry in zip(read, whole, strict=True))


def test_a_limited_provider_returns_the_head_of_each_kind_of_its_whole_list(desk, officer):
    """Given cases opened, decided and paid at times that tie and cross, when the desk's and
    the entitlements' providers are asked for n entries, then of each kind they return the
    first n of what they return without a limit, for every n."""
    for day in (1, 2):
        _paid_case(desk, opened=_at(5, day), approved=_at(5, 3), paid=_at(5, 3))
    with clock.at(_at(5, 3)):
        _case(desk)
        _case(desk)
    for provider, kinds in (
        (case_entries, ("case", "payment")),
        (entitlement_entries, ("entitlement",)),
    ):
        whole = provider(officer, desk.talent)
        assert len(whole) >= 4
        for n in range(1, len(whole) + 2):
            limited = provider(officer, desk.talent, limit=n)
            for kind in kinds:
                ordered = sorted(
                    (e for e in whole if e.kind == kind), key=lambda e: e.sort_key(), reverse=True
                )
                assert [e for e in limited if e.kind == kind] == ordered[:n], (kind, n)


def test_a_limit_keeps_the_newest_moves_in_the_files_order(desk, officer):
    """Given four moves, three on one day, when the talent's moves are asked for with a limit
    n, then they are the first n of all of them in the file's order."""
    reason = DepartureReason.objects.order_by("rank").first()
    for day in (1, 3, 3, 3):  # departures that ended (only one may be open)
        TalentMove.objects.create(
            talent=desk.talent,
            kind=MoveKind.DEPARTURE,
            moved_on=date(YEAR, 2, day),
            returned_on=date(YEAR, 2, 4),
            reason=reason,
        )
    whole = sorted(move_entries(officer, desk.talent), key=Entry.sort_key, reverse=True)
    assert len(whole) == 4

    for n in range(1, 6):
        assert move_entries(officer, desk.talent, limit=n) == whole[:n], n


def test_the_filter_by_kind_pages_only_that_kind(desk, officer, monkeypatch):
    """Given three cases, each opened and decided, when the file keeps only cases two a page,
    then the second page holds the second case's decision and opening and nothing else."""
    cases = [
        _paid_case(desk, opened=_at(6, day), approved=_at(6, day, 15), paid=_at(6, day, 16))
        for day in (1, 2, 3)
    ]
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(officer, english=True)

    html = client.get(
        reverse("talents:file", args=[desk.talent.pk]), {"kind": ["case"], "page": 2}
    ).content.decode()

    rows = [" ".join(row) for row in _shown(html)]
    assert len(rows) == 2
    assert f"Case decided: {cases[1].benefit.name}" in rows[0]  # 2 June 15:00
    assert f"Case opened: {cases[1].benefit.name}" in rows[1]  # 2 June 9:00
    assert all("Paid:" not in row and "Registered" not in row for row in rows)
    assert "kind=case" in html.split('rel="next"', 1)[0].rsplit("<a", 1)[1]


def test_the_filter_by_kind_finds_a_providers_older_kind_too(desk, officer, monkeypatch):
    """Given three paid cases whose openings and decisions are all newer than their payments
    (paid on the day: midnight), when the file keeps only payments two a page, then the
    first page holds the two newest payments."""
    cases = [
        _paid_case(desk, opened=_at(6, day), approved=_at(6, day, 15), paid=_at(6, day, 16))
        for day in (1, 2, 3)
    ]
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(officer, english=True)

    html = client.get(
        reverse("talents:file", args=[desk.talent.pk]), {"kind": ["payment"]}
    ).content.decode()

    rows = [" ".join(row) for row in _shown(html)]
    assert len(rows) == 2
    assert f"Paid: {cases[2].benefit.name}" in rows[0]
    assert f"Paid: {cases[1].benefit.name}" in rows[1]
    assert 'rel="next"' in html


def test_a_page_past_the_end_shows_the_last_page_and_a_stray_number_the_first(
    desk, officer, monkeypatch
):
    """Given a file of five entries two a page, when page 9 is asked for, then page 3 (the
    last, one entry) is shown; when "x" is asked for, page 1."""
    with clock.at(_at(7, 1)):
        _case(desk)
        _case(desk)
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(officer, english=True)
    url = reverse("talents:file", args=[desk.talent.pk])

    last = client.get(url, {"page": 9})
    stray = client.get(url, {"page": "x"})

    assert last.context["page_obj"].number == 3
    assert len(_shown(last.content.decode())) == 1
    assert 'rel="next"' not in last.content.decode()
    assert stray.context["page_obj"].number == 1


def test_the_talent_pages_their_own_file_on_the_phone(desk, monkeypatch):
    """Given a talent with three cases, when they read their own file two entries a page,
    then the first page offers older entries and the second newer ones."""
    with clock.at(_at(8, 1)):
        for _ in range(3):
            _case(desk)
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(desk.talent_user)

    first_page = client.get(reverse("talents:my-file")).content.decode()
    second_page = client.get(reverse("talents:my-file"), {"page": 2}).content.decode()

    assert "较早" in first_page
    assert 'rel="next"' in first_page
    assert "较新" in second_page
    assert 'rel="prev"' in second_page
    assert "第 2 页" in second_page


def test_the_export_keeps_every_entry_not_only_the_page(desk, officer, monkeypatch):
    """Given a file of five entries read two a page, when it is exported, then the workbook
    has all five."""
    with clock.at(_at(9, 1)):
        _case(desk)
        _case(desk)
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(officer)

    response = client.get(reverse("talents:file", args=[desk.talent.pk]), {"format": "xlsx"})

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row - 1 == 5
