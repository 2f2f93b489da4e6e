"""The xlsx engine: columns, limits, hostile files; the writer never writes a formula."""

from __future__ import annotations

import io
import time
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from rencai.core.xlsx import reading
from rencai.core.xlsx.reading import DATE, MONEY, Column, ImportFileError, read_sheet
from rencai.core.xlsx.writing import DATE as OUT_DATE
from rencai.core.xlsx.writing import MONEY as OUT_MONEY
from rencai.core.xlsx.writing import ExportColumn, ExportWorkbook
from rencai.talents.models import Talent

from .hostile_xlsx import (
    PLACEHOLDER,
    random_bytes,
    with_far_row,
    with_huge_cell,
    with_padding,
    workbook_bytes,
)

pytestmark = pytest.mark.portable

COLUMNS = (
    Column.for_field(Talent, "name", "姓名", required=True),
    Column.for_field(Talent, "arrival_date", "来黄时间", aliases=("Arrival",)),
    Column("amount", "金额(元)", kind=MONEY),
)


def records(content: bytes, **options) -> list:
    with read_sheet(io.BytesIO(content), COLUMNS, max_rows=100, **options) as sheet:
        return list(sheet.records())


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_column_takes_its_length_and_type_from_the_model_field():
    name, arrival, _amount = COLUMNS

    assert (name.max_length, name.kind) == (50, "text")
    assert arrival.kind == DATE


def test_cells_are_typed_dates_parsed_and_yuan_become_fen():
    content = workbook_bytes(["姓名", "Arrival", "金额（元）"], [[" 王芳 ", "2020/09/01", 30000.5]])

    [(number, cells, errors)] = records(content)

    assert (number, errors) == (2, [])
    assert cells == {"name": "王芳", "arrival_date": date(2020, 9, 1), "amount": 3_000_050}


def test_a_cell_longer_than_its_field_is_a_row_error_not_a_value():
    content = workbook_bytes(["姓名"], [["王" * 51], ["王" * 50]])

    (first, cells, errors), (second, ok_cells, ok_errors) = records(content)

    assert first == 2
    assert "name" not in cells
    assert errors == [("name", "Too long: at most 50 characters (this cell has 51).")]
    assert (second, ok_errors) == (3, [])


def test_a_twenty_million_character_cell_is_refused_as_too_long():
    content = with_huge_cell(workbook_bytes(["姓名"], [[PLACEHOLDER]]), 20_000_000, fill="x")

    [(number, cells, errors)] = records(content)

    assert number == 2
    assert cells == {}
    assert errors == [("name", "Too long: at most 50 characters (this cell has 20,000,000).")]


def test_random_bytes_are_not_an_xlsx():
    with pytest.raises(ImportFileError) as caught:
        records(random_bytes())

    assert caught.value.code == "not_xlsx"
    assert "not an xlsx" in str(caught.value.message)


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1024 * 1024)
    content = with_padding(workbook_bytes(["姓名"], [["王芳"]]), 2 * 1024 * 1024)
    assert len(content) < 64 * 1024

    with pytest.raises(ImportFileError) as caught:
        records(content)

    assert "unpacks to more than 1 MB" in str(caught.value.message)


def test_a_huge_declared_dimension_and_a_far_row_are_read_quickly():
    # Given a few kilobytes that claim 1,048,576 rows by 16,384 columns
    content = with_far_row(workbook_bytes(["姓名"], [["王芳"]]))
    started = time.monotonic()

    # When the engine reads it (without a row limit, as on the server)
    with read_sheet(io.BytesIO(content), COLUMNS, max_rows=None) as sheet:
        found = list(sheet.records())

    # Then only the real rows come out, as wide as the header, in seconds
    assert [(n, c) for n, c, _e in found] == [(2, {"name": "王芳"})]
    assert time.monotonic() - started < 20


def test_a_million_blank_rows_count_against_the_row_limit():
    content = with_far_row(workbook_bytes(["姓名"], [["王芳"]]))

    with pytest.raises(ImportFileError) as caught:
        records(content)

    assert caught.value.code == "too_many_rows"


def test_a_header_with_a_missing_required_column_is_refused():
    with pytest.raises(ImportFileError) as caught:
        records(workbook_bytes(["来黄时间", "别的"], [["2020-01-01", "x"]]))

    message = str(caught.value.message)
    assert "missing columns: 姓名" in message
    assert "unknown columns: 别的" in message


def test_unknown_columns_may_be_ignored():
    content = workbook_bytes(["备注", "姓名"], [["x", "王芳"]])

    [(_n, cells, _e)] = records(content, unknown_columns="ignore")

    assert cells == {"name": "王芳"}


# --- the writer ---------------------------------------------------------------------------

HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example","点我")', "+86", "-2", "@SUM(A1)", "\t=1"]


def test_formula_like_text_is_written_as_text_and_reads_back_intact():
    # Given texts that a spreadsheet would take for formulas
    book = ExportWorkbook()
    sheet = book.sheet("名单", [ExportColumn("姓名"), ExportColumn("金额", OUT_MONEY)])
    for text in HOSTILE:
        sheet.append([text, 3_000_000])

    # When the workbook is written and opened again
    cells = [row[0] for row in load_workbook(book.save()).active.iter_rows(min_row=2)]

    # Then every one is a string cell with its text intact, quote-prefixed
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)


def test_the_writer_freezes_the_header_and_types_dates_and_money():
    book = ExportWorkbook()
    sheet = book.sheet(
        "名单",
        [
            ExportColumn("姓名", width=20),
            ExportColumn("日期", OUT_DATE),
            ExportColumn("金额", OUT_MONEY),
        ],
    )
    sheet.append(["#N/A", date(2026, 1, 2), 1])
    sheet.append(["合计", None, 123_456_789])

    worksheet = load_workbook(book.save()).active

    assert worksheet.freeze_panes == "A2"
    assert worksheet.column_dimensions["A"].width == 20
    assert worksheet["A1"].font.bold
    assert (worksheet["A2"].value, worksheet["A2"].data_type) == ("#N/A", "s")
    assert worksheet["B2"].is_date
    assert worksheet["B2"].number_format == "yyyy-mm-dd"
    assert Decimal(str(worksheet["C2"].value)) == Decimal("0.01")
    assert worksheet["C3"].value == pytest.approx(1_234_567.89)
    assert worksheet["C3"].number_format == "#,##0.00"


def test_control_characters_are_dropped_not_a_crash():
    book = ExportWorkbook()
    book.sheet("名单", [ExportColumn("姓名")]).append(["王\x01芳\x0b"])

    assert load_workbook(book.save()).active["A2"].value == "王芳"


def test_a_choice_column_takes_the_field_choices_by_value_label_or_added_name():
    from rencai.talents.choices import IdType

    column = Column.for_field(Talent, "id_type", "证件类型").with_names({IdType.PASSPORT: "护照"})

    assert column.kind == reading.CHOICE
    assert column.clean(" PASSPORT ".lower()) == IdType.PASSPORT
    assert column.clean(str(IdType.PASSPORT.label)) == IdType.PASSPORT
    assert column.clean("护照") == IdType.PASSPORT
    assert column.clean(None) is None
    with pytest.raises(reading.CellError, match="allowed values"):
        column.clean("驾照")


def test_an_integer_column_keeps_to_its_range():
    column = Column("count", "数量", kind=reading.INTEGER, min_value=0, max_value=10)

    assert column.clean(7.0) == 7
    assert column.clean(" 3 ") == 3
    for bad, message in [(11, "at most 10"), (-1, "at least 0"), ("3.5", "whole number")]:
        with pytest.raises(reading.CellError, match=message):
            column.clean(bad)
    with pytest.raises(reading.CellError, match="whole number"):
        column.clean(True)
