"""The receipt (受理回执): the public case number, the promised date in working days, the
service point's telephone, a QR code to the talent's case page; a PDF in A4 or 80 mm with the
Chinese font embedded, opened again here with pypdf."""

from __future__ import annotations

import io
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from rencai.core.models import Division
from rencai.desk import receipts
from rencai.desk.models import CaseNumberPrefix, ServicePointEntry
from rencai.policies.choices import TimeUnit

from .factories import Desk, clerk_point

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def friday_before_national_day():
    """Friday 30 September 2022, 10:00 in Huanggang; 1–7 October is the holiday and 8 and 9
    October are make-up working days (the 2022 calendar)."""
    call_command("seed_calendar", "2022", stdout=StringIO())
    with time_machine.travel(datetime(2022, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=True):
        yield


def _case_at_a_listed_window():
    desk = Desk(time_target=3, time_unit=TimeUnit.WORKING_DAYS)
    point = clerk_point(desk.clerk)
    ServicePointEntry.objects.create(
        organisation=point,
        address="黄冈市黄州区东门路 1 号",
        hours="周一至周五 9:00–12:00，14:00–17:30",
        telephone="0713-8888001",
    )
    city = Division.objects.filter(level="city").first() or desk.talent.county
    CaseNumberPrefix.objects.create(division=city, prefix="HG")
    return desk, desk.open()


def _pdf(client, case, paper=""):
    query = f"?paper={paper}" if paper else ""
    response = client.get(reverse("desk:receipt-pdf", args=[case.pk]) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response, PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, embedded?) of every font the pages use."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


def test_the_receipt_pdf_holds_the_number_the_promised_date_and_the_embedded_chinese_font(
    client, friday_before_national_day
):
    # given a case opened on the Friday before the holiday for a 3-working-day benefit
    desk, case = _case_at_a_listed_window()
    client.force_login(desk.clerk)

    # when the clerk prints the A4 receipt
    response, reader = _pdf(client, case)

    # then it shows the public number, and the promised date three working days later
    # (Sat 8 Oct, Sun 9 Oct and Mon 10 Oct: the make-up days count, the holiday does not)
    text = _text(reader)
    assert case.number == "HG2022-000001"
    assert "HG2022-000001" in text
    assert "2022年10月10日" in text
    assert "0713-8888001" in text
    assert "v1" not in text
    assert "HG2022-000001" in response["Content-Disposition"]
    # and the page is A4, the Chinese font is embedded
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (210, 297)
    fonts = _fonts(reader)
    assert any("NotoSansCJK" in name.replace("-", "") for name, _embedded in fonts), fonts
    assert all(embedded for _name, embedded in fonts), fonts


def test_the_receipt_prints_on_an_80mm_roll(client, friday_before_national_day):
    desk, case = _case_at_a_listed_window()
    client.force_login(desk.clerk)

    _response, reader = _pdf(client, case, paper="80mm")

    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 80
    assert "HG2022-000001" in _text(reader)


def test_the_qr_code_opens_the_talents_case_page_at_the_address_the_product_is_served_on(
    rf, settings, friday_before_national_day
):
    desk, case = _case_at_a_listed_window()
    path = reverse("desk:my-application-detail", args=[case.pk])

    # in development: the address the request came to (any port of `make run`)
    settings.DEBUG = True
    request = rf.get("/", HTTP_HOST="127.0.0.1:8765")
    assert receipts.progress_url(case, request) == f"http://127.0.0.1:8765{path}"

    # in production: the configured public address
    settings.DEBUG = False
    settings.PUBLIC_BASE_URL = "https://rencai.hg.gov.cn"
    assert receipts.progress_url(case, request) == f"https://rencai.hg.gov.cn{path}"
    context = receipts.receipt_context(case, request)
    assert context["qr"].startswith("data:image/svg+xml")


def test_the_receipt_page_shows_the_number_and_the_service_points_telephone(
    client, friday_before_national_day
):
    desk, case = _case_at_a_listed_window()
    client.force_login(desk.talent_user)

    page = client.get(reverse("desk:receipt", args=[case.pk])).content.decode()

    assert "HG2022-000001" in page
    assert "0713-8888001" in page
    assert 'class="receipt-qr"' in page
