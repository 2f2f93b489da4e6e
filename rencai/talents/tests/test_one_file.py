"""The one-person file page (一人一档): newest first, filtered by kind, paginated, exported, and
the talent's own under "Me". What each viewer may see is walked provider by provider in
tests/permissions/test_one_file_scope.py."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user
from rencai.desk.tests.factories import Desk, make_department, make_officer
from rencai.talents.choices import CardStatus
from rencai.talents.services.finding import find_to_serve
from rencai.talents.tests.factories import make_card
from rencai.talents.views import file as file_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    desk = Desk()
    desk.case_in("disbursed")
    return desk


def _entries(html: str) -> list[str]:
    section = html.split('id="file-entries"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li>", section)


def test_an_officer_reads_the_whole_file_newest_first(desk):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    html = client.get(reverse("talents:file", args=[desk.talent.pk])).content.decode()

    registered = html.index("Registered in")
    opened = html.index("Case opened")
    decided = html.index("Case decided")
    assert decided < opened < registered  # the decision came last, the registration first
    assert 'id="file-filters"' in html


def test_the_file_keeps_only_the_kinds_ticked(desk):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    html = client.get(
        reverse("talents:file", args=[desk.talent.pk]), {"kind": ["case"]}
    ).content.decode()

    assert "Case opened" in html
    assert "Registered in" not in html
    assert "Paid:" not in html


def test_a_long_file_is_paginated(desk, monkeypatch):
    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)
    client = page_client(make_user(role=Role.TASK_FORCE))
    url = reverse("talents:file", args=[desk.talent.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert len(_entries(first)) == 2
    assert _entries(second)
    assert 'class="pagination"' in first


def test_the_file_exports_the_entries_shown_to_xlsx_and_is_audited(desk):
    officer = make_user(role=Role.TASK_FORCE)
    client = page_client(officer)
    url = reverse("talents:file", args=[desk.talent.pk])
    shown = len(_entries(client.get(url).content.decode()))

    response = client.get(url, {"format": "xlsx"})

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "类型", "记录", "详情")
    assert len(rows) - 1 == shown
    assert all(re.match(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", row[0]) for row in rows[1:])
    event = AuditEvent.objects.get(action="talent.file_export")
    assert event.actor == officer
    assert event.changes == {"rows": shown}


def test_an_officer_of_another_department_sees_no_case_in_the_file(desk):
    stranger = make_officer(make_department("education"))
    find_to_serve(actor=stranger, id_number=desk.talent.id_number)
    client = page_client(stranger, english=True)

    html = client.get(reverse("talents:file", args=[desk.talent.pk])).content.decode()

    assert "Registered in" in html
    assert "Case opened" not in html
    assert "Paid:" not in html


def test_a_viewer_who_may_not_see_the_talent_is_told_it_is_not_found(desk):
    client = page_client(make_officer(make_department("education")))

    response = client.get(reverse("talents:file", args=[desk.talent.pk]))

    assert response.status_code == 404


def test_the_talent_reads_their_own_file_under_me(desk):
    client = page_client(desk.talent_user, english=True)

    html = client.get(reverse("talents:my-file")).content.decode()
    me = client.get(reverse("core:me")).content.decode()

    assert "My file" in html
    assert "Case opened" in html
    assert reverse("desk:my-applications") in html  # their own case pages
    assert reverse("talents:my-file") in me


def test_an_account_without_a_record_has_no_file():
    client = page_client(make_user(role=Role.TASK_FORCE))

    assert client.get(reverse("talents:my-file")).status_code == 404


def test_the_talent_page_shows_the_latest_entries_and_links_the_whole_file(desk):
    for _ in range(4):
        make_card(desk.talent, status=CardStatus.SUPERSEDED)
    client = page_client(make_user(role=Role.TASK_FORCE))

    html = client.get(reverse("talents:detail", args=[desk.talent.pk])).content.decode()

    panel = html.split('id="talent-timeline"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r"<li>", panel)) == 5
    assert reverse("talents:file", args=[desk.talent.pk]) in panel
