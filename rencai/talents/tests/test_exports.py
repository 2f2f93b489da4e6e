"""Exporting the filtered talent list: masked by default, full numbers only for those who may."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.imports import import_talents
from rencai.talents.models import Tag, Talent
from rencai.talents.tests.factories import make_talent, make_tier

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def world():
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    youth = Tag.objects.create(code="youth", name="青年人才")
    mine = make_talent(
        county=tuanfeng,
        name="团风人才",
        birth_date=date(1990, 6, 1),
        tier=make_tier("A"),
        tags=[youth],
    )
    theirs = make_talent(county=wuxue, name="武穴人才")
    return {
        "tuanfeng": tuanfeng,
        "wuxue": wuxue,
        "mine": mine,
        "theirs": theirs,
        "tuanfeng_officer": make_user(role=Role.COUNTY_OFFICER, division=tuanfeng),
    }


def rows_of(response) -> list[dict]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    # Trailing empty cells are not stored: pad each row to the header's width.
    return [dict(zip(header, r + (None,) * (len(header) - len(r)), strict=True)) for r in rows]


def test_export_is_masked_by_default_and_audited(world):
    client = page_client(world["tuanfeng_officer"], english=True)

    response = client.get(reverse("talents:export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    (row,) = rows_of(response)
    mine = world["mine"]
    assert row["姓名"] == "团风人才"
    assert row["证件号码"] == mine.id_number[:4] + "*" * 10 + mine.id_number[-4:]
    assert row["手机号码"] == mine.mobile[:3] + "****" + mine.mobile[-4:]
    assert "出生日期" not in row  # age instead of the birth date, and no sex
    assert row["年龄"] == mine.age_on(timezone.localdate())
    assert row["标签"] == "青年人才"
    event = AuditEvent.objects.get(action="talent.export")
    assert event.changes["count"] == 1
    assert not AuditEvent.objects.filter(action="talent.export_full").exists()


@pytest.mark.parametrize("role", [Role.COUNTY_OFFICER, Role.TASK_FORCE])
def test_full_export_shows_full_numbers_and_is_audited(world, role):
    user = make_user(role=role, division=world["tuanfeng"] if role == Role.COUNTY_OFFICER else None)
    client = page_client(user, english=True)

    response = client.get(reverse("talents:export"), {"full": "1", "county": world["tuanfeng"].pk})

    assert response.status_code == 200
    (row,) = rows_of(response)
    assert row["证件号码"] == world["mine"].id_number
    assert row["手机号码"] == world["mine"].mobile
    assert row["出生日期"].date() == date(1990, 6, 1)
    event = AuditEvent.objects.get(action="talent.export_full")
    assert event.actor == user
    assert event.changes["count"] == 1


def test_city_admin_exports_masked_but_not_full_numbers(world):
    admin = make_user(role=Role.CITY_ADMIN)
    client = page_client(admin, english=True)

    assert client.get(reverse("talents:export")).status_code == 200
    assert client.get(reverse("talents:export"), {"full": "1"}).status_code == 403
    assert not AuditEvent.objects.filter(action="talent.export_full").exists()


@pytest.mark.parametrize(
    "role", [Role.WINDOW_CLERK, Role.TALENT, Role.DEPARTMENT_OFFICER, Role.HOSPITAL_LIAISON]
)
def test_roles_that_may_not_browse_may_not_export(world, role):
    client = page_client(make_user(role=role), english=True)

    assert client.get(reverse("talents:export")).status_code == 403
    assert client.get(reverse("talents:export"), {"full": "1"}).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="talent.export").exists()


def test_tuanfeng_officer_export_contains_no_wuxue_talent(world):
    client = page_client(world["tuanfeng_officer"], english=True)
    theirs = world["theirs"]

    everything = rows_of(client.get(reverse("talents:export"), {"full": "1"}))
    by_county = rows_of(client.get(reverse("talents:export"), {"county": world["wuxue"].pk}))
    search(client, id_number=theirs.id_number)
    by_number = rows_of(client.get(reverse("talents:export"), {"full": "1"}))

    assert [r["姓名"] for r in everything] == ["团风人才"]
    assert theirs.id_number not in {r["证件号码"] for r in everything}
    # A county outside the officer's scope is not a valid filter: the list stays their own.
    assert "武穴人才" not in {r["姓名"] for r in by_county}
    assert by_number == []


def search(client, **fields) -> None:
    """Post the list's filter form: the identifiers are kept in the session, not the URL."""
    response = client.post(reverse("talents:list"), fields)
    assert response.status_code == 303


def test_export_after_a_number_search_contains_just_that_talent(world):
    other = make_talent(county=world["tuanfeng"], name="团风另一位")
    client = page_client(world["tuanfeng_officer"], english=True)
    search(client, id_number=world["mine"].id_number)

    full = client.get(reverse("talents:export"), {"full": "1"})
    masked = rows_of(client.get(reverse("talents:export")))

    assert [r["证件号码"] for r in rows_of(full)] == [world["mine"].id_number]
    assert [r["姓名"] for r in masked] == ["团风人才"]
    assert other.name not in {r["姓名"] for r in masked}
    assert "no-store" in full["Cache-Control"]
    event = AuditEvent.objects.get(action="talent.export_full")
    assert event.changes["count"] == 1
    assert world["mine"].id_number not in str(event.changes)  # the audit keeps it masked


def test_export_after_a_mobile_search_combines_it_with_the_query_string_filters(world):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)
    search(client, mobile=world["theirs"].mobile)

    same_mobile = rows_of(client.get(reverse("talents:export")))
    and_tier = rows_of(client.get(reverse("talents:export"), {"tier": "A"}))

    assert [r["姓名"] for r in same_mobile] == ["武穴人才"]
    assert and_tier == []


def test_export_ignores_a_number_in_the_query_string(world):
    client = page_client(world["tuanfeng_officer"], english=True)
    other = make_talent(county=world["tuanfeng"], name="团风另一位")

    rows = rows_of(client.get(reverse("talents:export"), {"id_number": world["mine"].id_number}))

    assert {r["姓名"] for r in rows} == {"团风人才", other.name}


def test_export_after_clear_contains_everyone_again(world):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)
    search(client, id_number=world["mine"].id_number)

    client.get(reverse("talents:list"), {"clear": "1"})
    rows = rows_of(client.get(reverse("talents:export")))

    assert {r["姓名"] for r in rows} == {"团风人才", "武穴人才"}


def test_export_applies_the_list_filters(world):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    by_tier = rows_of(client.get(reverse("talents:export"), {"tier": "A"}))
    without_tier = rows_of(client.get(reverse("talents:export"), {"tier": "none"}))

    assert [r["姓名"] for r in by_tier] == ["团风人才"]
    assert [r["姓名"] for r in without_tier] == ["武穴人才"]


def test_full_export_can_be_imported_again(world):
    task_force = make_user(role=Role.TASK_FORCE)
    client = page_client(task_force, english=True)
    response = client.get(reverse("talents:export"), {"full": "1"})
    content = io.BytesIO(b"".join(response.streaming_content))
    before = set(Talent.objects.values_list("id_number", "name", "county__name"))
    Talent.objects.all().delete()

    result = import_talents(content, actor=task_force)

    assert result.ok, result.errors
    assert set(Talent.objects.values_list("id_number", "name", "county__name")) == before
    assert list(Talent.objects.get(name="团风人才").tags.values_list("code", flat=True)) == [
        "youth"
    ]


# --- formula injection --------------------------------------------------------------------

FORMULA_LIKE = {
    "name": '=HYPERLINK("http://evil.example","点我")',
    "school": "+1 中学",
    "major": "-2+3",
    "id_country": "@SUM(A1)",
}


@pytest.mark.parametrize("full", [False, True])
def test_formula_like_text_comes_back_as_text_in_both_exports(world, full):
    # Given a talent whose texts a spreadsheet would take for formulas
    make_talent(county=world["tuanfeng"], **FORMULA_LIKE)
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    # When the list is exported, masked or full, and the file is opened again
    response = client.get(reverse("talents:export"), {"full": "1"} if full else {})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    # Then no cell is a formula and every text is intact
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert set(FORMULA_LIKE.values()) <= values
    assert sheet.freeze_panes == "A2"


def test_a_full_export_with_formula_like_names_imports_again_as_the_same_text(world):
    task_force = make_user(role=Role.TASK_FORCE)
    make_talent(county=world["tuanfeng"], name="=1+1")
    response = page_client(task_force, english=True).get(reverse("talents:export"), {"full": "1"})
    content = io.BytesIO(b"".join(response.streaming_content))
    Talent.objects.all().delete()

    result = import_talents(content, actor=task_force)

    assert result.ok, result.errors
    assert Talent.objects.filter(name="=1+1").exists()
