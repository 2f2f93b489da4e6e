"""Importing entitlements from xlsx: all or nothing, each bad row reported with its number."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from rencai.core.choices import Role
from rencai.core.errors import PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests import hostile_xlsx
from rencai.core.tests.factories import english_client, make_county, make_talent, make_user
from rencai.policies import services
from rencai.policies.imports import ImportFileError, import_entitlements, template_workbook
from rencai.policies.models import Entitlement

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
HEADER = ["证件号码", "待遇代码", "状态", "金额(元)", "享受日期"]


def workbook(*rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def setup():
    county = make_county("421121", "团风县")
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    subsidy = make_benefit(code="home_purchase_subsidy", exclusivity_group="housing_support")
    apartment = make_benefit(code="talent_apartment", exclusivity_group="housing_support")
    return officer, county, subsidy, apartment


def test_a_clean_file_records_every_row_with_one_audit_event(setup):
    officer, county, subsidy, apartment = setup
    a, b = make_talent(county=county), make_talent(county=county)
    file = workbook(
        (a.id_number, "home_purchase_subsidy", "已发放", "30000.00", date(2023, 5, 1)),
        (b.id_number, "talent_apartment", "granted", None, "2023-06-01"),
    )
    result = import_entitlements(file, actor=officer, filename="ledger.xlsx")
    assert result.ok
    assert result.created == 2
    paid = Entitlement.objects.get(talent=a)
    assert (paid.state, paid.amount_fen, paid.source) == ("paid", 3_000_000, "import")
    assert paid.version.number == 1
    assert paid.exclusivity_group == "housing_support"
    assert AuditEvent.objects.filter(action="entitlement.import").count() == 1


def test_one_bad_row_imports_nothing_and_every_error_has_its_row(setup):
    officer, county, subsidy, apartment = setup
    a, b = make_talent(county=county), make_talent(county=county)
    outside = make_talent(county=make_county("421182", "武穴市"))
    services.record_entitlement(b, subsidy, actor=officer, state="granted")
    file = workbook(
        (a.id_number, "home_purchase_subsidy", "已发放", "30000.00", "2023-05-01"),  # row 2 ok
        (a.id_number, "talent_apartment", "已批准", None, "2023-05-02"),  # 3: same group as 2
        (outside.id_number, "home_purchase_subsidy", "办理中", None, None),  # 4: not in scope
        (a.id_number, "no_such_benefit", "办理中", None, None),  # 5: unknown code
        (a.id_number, "home_purchase_subsidy", "maybe", "abc", "someday"),  # 6: three bad cells
        (b.id_number, "talent_apartment", "办理中", None, None),  # 7: live one in the database
        (a.id_number, "home_purchase_subsidy", "已发放", None, None),  # 8: paid needs a date
    )
    result = import_entitlements(file, actor=officer)
    assert not result.ok
    assert result.created == 0
    rows = {(e.row, e.column) for e in result.errors}
    assert (3, "待遇代码") in rows
    assert (4, "证件号码") in rows
    assert (5, "待遇代码") in rows
    assert {(6, "状态"), (6, "金额(元)"), (6, "享受日期")} <= rows
    assert (7, "待遇代码") in rows
    assert (8, "享受日期") in rows
    assert 2 not in {e.row for e in result.errors}
    assert Entitlement.objects.count() == 1  # only the one recorded before
    assert not AuditEvent.objects.filter(action="entitlement.import").exists()


def test_a_file_with_wrong_headers_is_refused(setup):
    officer, *_ = setup
    with pytest.raises(ImportFileError):
        import_entitlements(workbook(header=["姓名", "待遇"]), actor=officer)


def test_a_file_that_is_not_xlsx_is_refused(setup):
    officer, *_ = setup
    with pytest.raises(ImportFileError):
        import_entitlements(io.BytesIO(b"not a workbook"), actor=officer)


def test_roles_that_do_not_record_may_not_import(setup):
    with pytest.raises(PermissionDenied):
        import_entitlements(workbook(), actor=make_user(role=Role.HOSPITAL_LIAISON))


def test_the_template_has_the_header_and_the_codes():
    make_benefit(code="home_purchase_subsidy")
    book = load_workbook(io.BytesIO(template_workbook()))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    codes = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "home_purchase_subsidy" in codes


def test_an_identity_number_pasted_into_the_amount_column_is_a_row_error(setup):
    officer, county, *_ = setup
    a = make_talent(county=county)
    file = workbook((a.id_number, "home_purchase_subsidy", "已发放", a.id_number, "2023-05-01"))

    result = import_entitlements(file, actor=officer)

    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, "金额(元)")]
    assert not Entitlement.objects.exists()


# --- hostile workbooks --------------------------------------------------------------------


def test_a_twenty_million_character_document_number_is_a_row_error_never_a_query(setup):
    # Given a workbook of a few kilobytes whose number cell unpacks to 20 million characters
    officer, county, subsidy, _apartment = setup
    talent = make_talent(county=county)
    content = hostile_xlsx.with_huge_cell(
        hostile_xlsx.workbook_bytes(
            HEADER,
            [
                [hostile_xlsx.PLACEHOLDER, "home_purchase_subsidy", "办理中", None, None],
                [talent.id_number, "home_purchase_subsidy", "办理中", None, None],
            ],
        ),
        20_000_000,
        fill="1",
    )

    # When the officer imports it
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        result = import_entitlements(io.BytesIO(content), actor=officer)

    # Then the cell is a row error, the huge text never reaches the database, nothing is written
    assert [(e.row, e.column) for e in result.errors] == [(2, "证件号码")]
    assert "at most 30 characters" in result.errors[0].message
    assert max(len(q["sql"]) for q in queries.captured_queries) < 10_000
    assert not Entitlement.objects.exists()
    assert not AuditEvent.objects.filter(action="entitlement.import").exists()


def test_a_benefit_code_longer_than_its_field_is_a_row_error(setup):
    officer, county, _subsidy, _apartment = setup
    talent = make_talent(county=county)

    with translation.override("en"):
        result = import_entitlements(
            workbook((talent.id_number, "x" * 3000, "办理中", None, None)), actor=officer
        )

    assert [(e.row, e.column) for e in result.errors] == [(2, "待遇代码")]
    assert "at most 50 characters" in result.errors[0].message


def test_the_import_page_lists_a_too_long_cell_and_refuses_random_bytes(setup):
    officer, county, _subsidy, _apartment = setup
    client = english_client(officer)
    talent = make_talent(county=county)
    content = workbook((talent.id_number, "home_purchase_subsidy", "办" * 5000, None, None))

    listed = client.post(
        reverse("policies:entitlement-import"), {"file": upload(content.getvalue())}
    )
    refused = client.post(
        reverse("policies:entitlement-import"), {"file": upload(hostile_xlsx.random_bytes())}
    )

    assert listed.status_code == 200
    assert 'id="import-errors"' in listed.content.decode()
    assert "at most 100 characters (this cell has 5,000)" in listed.content.decode()
    assert refused.status_code == 200
    assert "not an xlsx workbook" in refused.content.decode()
    assert not Entitlement.objects.exists()


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("ledger.xlsx", content, content_type="application/octet-stream")


def test_a_benefit_named_like_a_formula_is_text_in_the_template():
    make_benefit(code="evil", name="=1+1")

    book = load_workbook(io.BytesIO(template_workbook()))

    cells = [c for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "=1+1" in {c.value for c in cells}


def test_the_import_page_lists_the_first_thousand_problems_and_counts_the_rest(setup):
    officer, _county, _subsidy, _apartment = setup
    rows = [(f"9{n:017d}", "home_purchase_subsidy", "办理中", None, None) for n in range(1005)]

    response = english_client(officer).post(
        reverse("policies:entitlement-import"), {"file": upload(workbook(*rows).getvalue())}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "1005 problems: nothing was imported" in page
    assert page.count("No talent with this document number in your scope.") == 1000
    assert "and 5 more" in page
