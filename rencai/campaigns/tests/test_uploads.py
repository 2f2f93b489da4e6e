"""A unit's plan and a report's evidence: their type told by their content, the size limited,
stored under a name we make, and downloaded as attachments by whoever sees the unit."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county

from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def real_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("团风县人才服务月工作方案")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def unit():
    tuanfeng = make_county("421121", "团风县")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    return make_unit(make_action(campaign), division=tuanfeng)


@pytest.fixture
def officer(client_as, unit):
    return client_as(Role.COUNTY_OFFICER, division=unit.division)


def upload_plan(client, unit, name: str, content: bytes):
    return client.post(
        f"/campaigns/units/{unit.pk}/plan/",
        {"plan": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


def test_a_picture_renamed_to_pdf_is_refused_with_a_chinese_message(officer, unit):
    response = upload_plan(officer, unit, "方案.pdf", PNG)

    unit.refresh_from_db()
    assert not unit.plan
    assert "只接受 PDF、docx 文件" in response.content.decode()


def test_a_docx_renamed_to_pdf_is_refused_as_misnamed(officer, unit):
    response = upload_plan(officer, unit, "方案.pdf", real_docx())

    unit.refresh_from_db()
    assert not unit.plan
    assert "文件名与文件内容（docx）不符" in response.content.decode()


def test_a_plan_over_the_limit_is_refused(officer, unit, settings):
    settings.UPLOAD_MAX_BYTES = {"campaign_plan": 1024 * 1024}

    response = upload_plan(officer, unit, "方案.pdf", b"%PDF-1.4 " + b"x" * 1024 * 1024)

    unit.refresh_from_db()
    assert not unit.plan
    assert "文件大小超过 1 MB。" in response.content.decode()


def test_a_real_docx_plan_is_stored_under_a_made_name_and_downloaded_as_an_attachment(
    officer, unit
):
    content = real_docx()

    upload_plan(officer, unit, "团风县方案.docx", content)

    unit.refresh_from_db()
    assert unit.plan.name.endswith(".docx")
    assert "团风县方案" not in unit.plan.name
    download = officer.get(f"/campaigns/units/{unit.pk}/plan/file/")
    assert download.status_code == 200
    assert download["Content-Type"] == DOCX_TYPE
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


def test_evidence_is_sniffed_and_downloaded_as_an_attachment(officer, unit):
    indicator = make_indicator(unit, target=10)
    officer.post(
        f"/campaigns/indicators/{indicator.pk}/report/",
        {
            "value": 3,
            "as_of": "2022-09-05",
            "note": "台账",
            "evidence": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        },
    )
    report = indicator.reports.get()

    download = officer.get(f"/campaigns/reports/{report.pk}/evidence/")

    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")


def test_no_plan_yet_answers_404(officer, unit):
    assert officer.get(f"/campaigns/units/{unit.pk}/plan/file/").status_code == 404
