"""Importing talents from xlsx: the template round-trips; bad files and bad rows write nothing."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import AuditEvent
from rencai.core.tests import hostile_xlsx
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import (
    make_county,
    make_degree,
    make_organisation,
    make_talent,
    make_tier,
    make_user,
)
from rencai.talents.identity import make_ric
from rencai.talents.imports import COLUMNS, ImportFileError, import_talents
from rencai.talents.models import Tag, Talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture
def world():
    """Two counties, their officers, a task-force member, a clerk and the catalogues."""
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    make_degree("master")
    make_tier("A", name="国内外顶尖人才")
    Tag.objects.create(code="youth", name="青年人才")
    Tag.objects.create(code="graduate", name="高校毕业生")
    employer = make_organisation(
        OrganisationKind.ENTERPRISE, division=tuanfeng, name="团风钢构有限公司"
    )
    return {
        "tuanfeng": tuanfeng,
        "wuxue": wuxue,
        "employer": employer,
        "tuanfeng_officer": make_user("tuanfeng", role=Role.COUNTY_OFFICER, division=tuanfeng),
        "wuxue_officer": make_user("wuxue", role=Role.COUNTY_OFFICER, division=wuxue),
        "task_force": make_user("taskforce", role=Role.TASK_FORCE),
        "clerk": make_user("clerk", role=Role.WINDOW_CLERK),
    }


def page_text(response) -> str:
    return response.content.decode()


def row(name="王芳", *, number=None, county="团风县", **cells) -> list:
    """One data row in template order; `cells` override columns by key."""
    values = {
        "name": name,
        "id_type": "居民身份证",
        "id_number": number or make_ric("421121", date(1995, 4, 12), 21),
        "mobile": "13871230001",
        "county": county,
    }
    values.update(cells)
    return [values.get(c.key) for c in COLUMNS]


def with_wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def ric_ending_in_x(area: str, birth: date) -> str:
    return next(n for s in range(1, 200) if (n := make_ric(area, birth, s)).endswith("X"))


def workbook(rows, headers=HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def upload(content: bytes, name="talents.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- the template -------------------------------------------------------------------------


def test_template_has_chinese_header_an_example_and_a_sheet_of_allowed_values(world):
    client = page_client(world["tuanfeng_officer"], english=True)

    response = client.get(reverse("talents:import-template"))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet, help_sheet = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][0].startswith("（示例）")
    help_values = {v for r in help_sheet.iter_rows(values_only=True) for v in r if v}
    assert {"县市区", "团风县", "硕士研究生", "国内外顶尖人才", "青年人才", "护照"} <= help_values
    # A county officer's template lists only their own county.
    assert "武穴市" not in help_values


def test_filled_template_imports_every_row_in_one_audited_batch(world):
    officer = world["tuanfeng_officer"]
    client = page_client(officer, english=True)
    response = client.get(reverse("talents:import-template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    sheet.append(
        row(
            "李明",
            number=ric_ending_in_x("421121", date(1994, 2, 3)).lower(),
            degree="硕士研究生",
            tier="A",
            tags="青年人才、graduate",
            employer="团风钢构有限公司",
            graduation_date="2019-06-30",
            arrival_date=date(2020, 9, 1),
        )
    )
    sheet.append(row("王芳", number=make_ric("421121", date(1990, 8, 9), 42), county="421121"))
    content = io.BytesIO()
    book.save(content)

    response = client.post(
        reverse("talents:import"), {"file": upload(content.getvalue(), "九月名单.xlsx")}
    )

    assert response.status_code == 302
    assert set(Talent.objects.values_list("name", flat=True)) == {"李明", "王芳"}
    li = Talent.objects.get(name="李明")
    assert li.id_number == ric_ending_in_x("421121", date(1994, 2, 3))  # x stored as X
    assert li.birth_date == date(1994, 2, 3)
    assert li.degree.code == "master"
    assert li.tier.code == "A"
    assert li.employer == world["employer"]
    assert li.graduation_date == date(2019, 6, 30)
    assert li.arrival_date == date(2020, 9, 1)
    assert set(li.tags.values_list("code", flat=True)) == {"youth", "graduate"}
    assert li.registered_by == officer
    event = AuditEvent.objects.get(action="talent.import")
    assert event.changes == {"created": 2}
    assert event.target_repr == "九月名单.xlsx"
    assert not Talent.objects.filter(name__startswith="（示例）").exists()


# --- bad rows -----------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(world):
    existing = make_talent(county=world["tuanfeng"])
    good = make_ric("421121", date(1991, 1, 1), 51)
    bad_checksum = with_wrong_check_digit(make_ric("421121", date(1991, 1, 1), 50))
    future = make_ric("421121", timezone.localdate() + timedelta(days=30), 52)
    twice = make_ric("421121", date(1992, 2, 2), 53)
    content = workbook(
        [
            row("甲", number=bad_checksum),  # row 2
            row("乙", number=future),  # row 3
            row("丙", number=existing.id_number),  # row 4
            row("丁", number=twice),  # row 5
            row("戊", number=twice, mobile="13871230009"),  # row 6: same document as row 5
            row("己", number=make_ric("421121", date(1993, 3, 3), 54), county="火星县"),  # row 7
            row("庚", number=good),  # row 8: fine, but the file fails as a whole
        ]
    )

    with translation.override("en"):
        result = import_talents(content, actor=world["tuanfeng_officer"])

    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "check digit" in errors[(2, "证件号码")]
    assert "future" in errors[(3, "证件号码")]
    assert "already exists" in errors[(4, "证件号码")]
    assert "row 5" in errors[(6, "证件号码")]
    assert "Unknown county" in errors[(7, "县市区")]
    assert {e.row for e in result.errors} == {2, 3, 4, 6, 7}
    assert result.created == 0
    assert list(Talent.objects.all()) == [existing]
    assert not AuditEvent.objects.filter(action="talent.import").exists()


def test_bad_rows_are_listed_on_the_page_and_nothing_is_written(world):
    client = page_client(world["tuanfeng_officer"], english=True)
    content = workbook(
        [
            row("甲", number=make_ric("421121", date(1991, 1, 1), 61)),
            row("乙", number=with_wrong_check_digit(make_ric("421121", date(1991, 1, 1), 62))),
            row("丙", number=make_ric("421121", date(1991, 1, 1), 63), mobile="12345"),
        ]
    )

    response = client.post(reverse("talents:import"), {"file": upload(content.getvalue())})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="row-errors"' in page
    assert "手机号码" in page
    assert "证件号码" in page
    assert "nothing was imported" in page
    assert Talent.objects.count() == 0


def test_future_birth_date_of_a_passport_holder_is_refused(world):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    content = workbook(
        [["Anna Berg", "护照", "P1234567", "13871230002", "团风县", future]],
        headers=[*HEADERS[:6]],
    )

    with translation.override("en"):
        result = import_talents(content, actor=world["task_force"])

    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "future" in messages[(2, "出生日期")]
    assert "country" in messages[(2, "签发国家")]
    assert Talent.objects.count() == 0


def test_county_officer_cannot_import_a_talent_into_another_county(world):
    content = workbook(
        [row("甲", number=make_ric("421182", date(1990, 1, 1), 71), county="武穴市")]
    )

    with translation.override("en"):
        result = import_talents(content, actor=world["tuanfeng_officer"])

    assert [(e.row, e.column) for e in result.errors] == [(2, "县市区")]
    assert "own county" in result.errors[0].message
    assert Talent.objects.count() == 0


def test_identity_number_typed_as_an_excel_number_is_refused_with_a_hint(world):
    content = workbook([row("甲", number=421121199101010612)])

    with translation.override("en"):
        result = import_talents(content, actor=world["task_force"])

    assert "as text" in result.errors[0].message
    assert Talent.objects.count() == 0


# --- bad files ----------------------------------------------------------------------------


def test_wrong_columns_are_named_and_nothing_is_written(world):
    headers = ["姓名", "身份证号", "手机号码", "县市区"]
    content = workbook(
        [["甲", make_ric("421121", date(1991, 1, 1), 1), "13871230001", "团风县"]], headers=headers
    )

    with translation.override("en"), pytest.raises(ImportFileError) as exc:
        import_talents(content, actor=world["task_force"])

    message = str(exc.value.message)
    assert "missing columns: 证件号码" in message
    assert "unknown columns: 身份证号" in message
    assert Talent.objects.count() == 0


def test_a_text_file_renamed_xlsx_is_refused_on_the_page(world):
    client = page_client(world["tuanfeng_officer"], english=True)

    response = client.post(
        reverse("talents:import"), {"file": upload(b"name,id\nfoo,bar\n", "talents.xlsx")}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="file-error"' in page
    assert "not an xlsx" in page
    assert Talent.objects.count() == 0
    assert not AuditEvent.objects.filter(action="talent.import").exists()


def test_a_zip_archive_that_is_not_a_workbook_is_refused(world):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "not a workbook")
    archive.seek(0)

    with translation.override("en"), pytest.raises(ImportFileError) as exc:
        import_talents(archive, actor=world["task_force"])

    assert "not an xlsx" in str(exc.value.message)
    assert Talent.objects.count() == 0


def test_a_file_over_ten_megabytes_is_refused_before_reading(world):
    client = page_client(world["task_force"], english=True)
    too_big = b"PK" + b"\0" * (10 * 1024 * 1024)

    response = client.post(reverse("talents:import"), {"file": upload(too_big)})

    assert response.status_code == 200
    assert "larger than 10 MB" in page_text(response)
    assert Talent.objects.count() == 0


def test_a_file_with_only_the_header_is_refused(world):
    with translation.override("en"), pytest.raises(ImportFileError):
        import_talents(workbook([]), actor=world["task_force"])


def test_too_many_rows_for_the_web_are_refused(world):
    content = workbook(
        [row(f"人{i}", number=make_ric("421121", date(1990, 1, 1), 100 + i)) for i in range(3)]
    )

    with translation.override("en"), pytest.raises(ImportFileError) as exc:
        import_talents(content, actor=world["task_force"], max_rows=2)

    assert "more than 2 rows" in str(exc.value.message)
    assert Talent.objects.count() == 0


# --- who may import -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.CITY_ADMIN, Role.TALENT])
def test_other_roles_may_not_import_or_download_the_template(world, role):
    client = page_client(make_user(role=role), english=True)

    assert client.get(reverse("talents:import")).status_code == 403
    assert client.get(reverse("talents:import-template")).status_code == 403
    content = workbook([row()])
    response = client.post(reverse("talents:import"), {"file": upload(content.getvalue())})
    assert response.status_code == 403
    assert Talent.objects.count() == 0


def test_task_force_imports_into_any_county(world):
    content = workbook(
        [
            row("甲", number=make_ric("421121", date(1990, 1, 1), 81)),
            row("乙", number=make_ric("421182", date(1990, 1, 1), 82), county="武穴市"),
        ]
    )

    result = import_talents(content, actor=world["task_force"])

    assert result.ok
    assert result.created == 2
    assert set(Talent.objects.values_list("county__name", flat=True)) == {"团风县", "武穴市"}


# --- the command line ---------------------------------------------------------------------


def test_command_imports_a_workbook(world, tmp_path):
    path = tmp_path / "talents.xlsx"
    path.write_bytes(workbook([row()]).getvalue())
    out, err = io.StringIO(), io.StringIO()

    call_command("import_talents", str(path), actor="tuanfeng", stdout=out, stderr=err)

    assert Talent.objects.count() == 1
    assert "1" in out.getvalue()
    assert AuditEvent.objects.filter(action="talent.import").count() == 1


def test_command_prints_every_row_error_and_fails_without_writing(world, tmp_path):
    path = tmp_path / "talents.xlsx"
    wrong = with_wrong_check_digit(make_ric("421121", date(1991, 1, 1), 91))
    rows = [row("甲", number=wrong), row("乙", county="火星县")]
    path.write_bytes(workbook(rows).getvalue())
    err = io.StringIO()

    with translation.override("en"), pytest.raises(CommandError):
        call_command(
            "import_talents", str(path), actor="tuanfeng", stdout=io.StringIO(), stderr=err
        )

    printed = err.getvalue()
    assert "Row 2, 证件号码" in printed
    assert "Row 3, 县市区" in printed
    assert Talent.objects.count() == 0


def test_command_refuses_an_actor_who_may_not_import(world, tmp_path):
    path = tmp_path / "talents.xlsx"
    path.write_bytes(workbook([row()]).getvalue())

    with pytest.raises(CommandError):
        call_command("import_talents", str(path), actor="clerk", stderr=io.StringIO())

    assert Talent.objects.count() == 0


# --- hostile workbooks --------------------------------------------------------------------


def hostile(rows: list[list]) -> bytes:
    return hostile_xlsx.workbook_bytes(HEADERS, rows)


def test_a_twenty_million_character_name_is_a_row_error_and_nothing_is_stored(world):
    # Given a workbook of a few kilobytes whose name cell unpacks to 20 million characters
    content = hostile_xlsx.with_huge_cell(
        hostile([row(hostile_xlsx.PLACEHOLDER)]), 20_000_000, fill="x"
    )
    assert len(content) < 1024 * 1024

    # When a county officer imports it
    with translation.override("en"):
        result = import_talents(io.BytesIO(content), actor=world["tuanfeng_officer"])

    # Then the name is a row error, on SQLite as on PostgreSQL, and nothing is written
    assert [(e.row, e.column) for e in result.errors] == [(2, "姓名")]
    assert "at most 50 characters" in result.errors[0].message
    assert "20,000,000" in result.errors[0].message
    assert Talent.objects.count() == 0
    assert not AuditEvent.objects.filter(action="talent.import").exists()


def test_a_name_thousands_of_characters_too_long_is_listed_on_the_import_page(world):
    client = page_client(world["tuanfeng_officer"], english=True)
    content = hostile(
        [row("王芳"), row("王" * 5000, number=make_ric("421121", date(1990, 1, 1), 7))]
    )

    response = client.post(reverse("talents:import"), {"file": upload(content)})

    assert response.status_code == 200
    page = page_text(response)
    assert "at most 50 characters (this cell has 5,000)" in page
    assert "王" * 51 not in page
    assert Talent.objects.count() == 0


def test_a_school_longer_than_its_field_is_a_row_error(world):
    with translation.override("en"):
        result = import_talents(
            io.BytesIO(hostile([row(school="大" * 101)])), actor=world["task_force"]
        )

    assert [(e.row, e.column) for e in result.errors] == [(2, "毕业院校")]
    assert Talent.objects.count() == 0


def test_random_bytes_are_refused_on_the_import_page_not_a_500(world):
    client = page_client(world["tuanfeng_officer"], english=True)

    response = client.post(
        reverse("talents:import"), {"file": upload(hostile_xlsx.random_bytes(), "talents.xlsx")}
    )

    assert response.status_code == 200
    assert 'id="file-error"' in page_text(response)
    assert "not an xlsx" in page_text(response)
    assert Talent.objects.count() == 0


def test_a_sheet_claiming_a_million_rows_is_refused_on_the_page_quickly(world):
    # Given a few kilobytes that claim 1,048,576 rows by 16,384 columns
    client = page_client(world["tuanfeng_officer"], english=True)
    content = hostile_xlsx.with_far_row(hostile([row("王芳")]))
    started = time.monotonic()

    response = client.post(reverse("talents:import"), {"file": upload(content)})

    assert response.status_code == 200
    assert "more than 50,000 rows" in page_text(response)
    assert time.monotonic() - started < 30
    assert Talent.objects.count() == 0


def test_an_employer_named_like_a_formula_is_text_in_the_template(world):
    evil = '=HYPERLINK("http://evil.example","点我")'
    make_organisation(OrganisationKind.ENTERPRISE, division=world["tuanfeng"], name=evil)
    client = page_client(world["tuanfeng_officer"], english=True)

    response = client.get(reverse("talents:import-template"))

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert evil in {c.value for c in cells}
