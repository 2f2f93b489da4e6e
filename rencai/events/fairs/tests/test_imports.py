"""Importing a fair's positions from xlsx: all or nothing, every bad row named."""

import io

import pytest
from openpyxl import Workbook

from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county
from rencai.events.fairs.imports import SHEET_COLUMNS, import_positions
from rencai.events.fairs.models import FairEnterprise, Position
from rencai.talents.tests.factories import make_degree

from .factories import make_enterprise, make_fair, make_organiser, make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

HEADER = [c.header for c in SHEET_COLUMNS]


def workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture
def setup():
    fair = make_fair()
    make_county("421102", "黄州区")
    make_degree("bachelor", "本科")
    return {
        "fair": fair,
        "organiser": make_organiser(),
        "known": make_enterprise("黄冈楚天智能装备有限公司"),
        "new": make_enterprise("黄冈伊利乳业有限公司"),
    }


def test_a_clean_file_adds_the_enterprises_and_every_position_with_one_audit_event(setup):
    make_participant(setup["fair"], setup["known"])
    file = workbook(
        ["黄冈楚天智能装备有限公司", "", "", "机械工程师", 10, 5000, 8000, "本科", "黄州区", ""],
        ["黄冈伊利乳业有限公司", "", "B12", "质检员", 20, "", "", "", "", "负责质检"],
    )

    result = import_positions(setup["fair"], file, actor=setup["organiser"])

    assert result.ok, result.errors
    assert result.created == 2
    assert Position.objects.filter(participant__fair=setup["fair"]).count() == 2
    engineer = Position.objects.get(title="机械工程师")
    assert (engineer.salary_min_fen, engineer.salary_max_fen) == (500_000, 800_000)
    assert FairEnterprise.objects.get(organisation=setup["new"]).booth == "B12"
    assert AuditEvent.objects.filter(action="fair.position_import").count() == 1


def test_one_bad_row_imports_nothing_and_every_error_has_its_row(setup):
    file = workbook(
        ["黄冈楚天智能装备有限公司", "", "", "机械工程师", 10, 5000, 8000, "本科", "黄州区", ""],
        ["不存在的企业", "", "", "质检员", 20, "", "", "", "", ""],
        ["黄冈伊利乳业有限公司", "", "", "会计", 2, 9000, 6000, "博士后", "", ""],
    )

    result = import_positions(setup["fair"], file, actor=setup["organiser"])

    assert not result.ok
    assert {e.row for e in result.errors} == {3, 4}
    assert {e.column for e in result.errors if e.row == 4} == {"学历要求"}
    assert not Position.objects.exists()
    assert not FairEnterprise.objects.exists()


def test_the_salary_range_is_checked_per_row(setup):
    file = workbook(["黄冈伊利乳业有限公司", "", "", "会计", 2, 9000, 6000, "", "", ""])

    result = import_positions(setup["fair"], file, actor=setup["organiser"])

    assert [(e.row, e.column) for e in result.errors] == [(2, "月薪上限(元)")]
    assert not Position.objects.exists()


def test_an_enterprise_contact_may_not_import(setup):
    from rencai.core.errors import PermissionDenied

    contact = make_participant(setup["fair"], setup["known"]).contact
    with pytest.raises(PermissionDenied):
        import_positions(setup["fair"], workbook(), actor=contact)
