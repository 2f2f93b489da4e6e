"""Documents: the checklist, uploads checked by their bytes and size, stored outside the web
root and served only to those who may see the case."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rencai.core.errors import DomainError, NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.desk import selectors, services
from rencai.desk.choices import ApplicationState
from rencai.desk.downloads import document_response
from rencai.desk.selectors import document_code

from .factories import Desk, make_clerk, make_master, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
TEXT = "这是一段文字，不是合同。".encode()
ID_CARD = "居民身份证"
CONTRACT = "购房合同"


@pytest.fixture
def desk():
    return Desk(documents=[ID_CARD, CONTRACT])


def upload(desk, case, name, content, document=CONTRACT, actor=None):
    return services.upload_document(
        case,
        actor=actor or desk.clerk,
        code=document_code(document),
        upload=SimpleUploadedFile(name, content),
    )


def test_the_checklist_is_the_benefits_documents(desk):
    case = desk.open()
    items = selectors.checklist(case)
    assert [(i.name, i.done) for i in items] == [(ID_CARD, False), (CONTRACT, False)]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("合同.pdf", PDF, "application/pdf"),
        ("scan.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(desk, name, content, content_type):
    case = desk.open()

    document = upload(desk, case, name, content)

    assert document.content_type == content_type
    assert document.size == len(content)
    path = Path(document.file.path)
    assert path.read_bytes() == content
    assert Path(settings.MEDIA_ROOT) in path.parents
    assert name not in path.name  # we name stored files, never the uploader
    assert selectors.checklist(case)[1].uploaded


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", TEXT),  # a wrong type
        ("program.exe", EXE),
        ("合同.pdf", EXE),  # a program with a misleading extension
        ("合同.pdf", TEXT),  # a text file with a misleading extension
        ("scan.pdf", PNG),  # a PNG called .pdf
        ("contract", PDF),  # no extension at all
    ],
)
def test_wrong_types_and_misleading_names_are_refused(desk, name, content):
    case = desk.open()

    with pytest.raises(DomainError) as caught:
        upload(desk, case, name, content)

    assert caught.value.code == "invalid_document"
    assert "file" in caught.value.fields
    assert not case.documents.exists()


def test_an_oversized_file_is_refused(desk, settings):
    settings.DESK_MAX_UPLOAD_BYTES = 1024
    case = desk.open()

    with pytest.raises(DomainError) as caught:
        upload(desk, case, "big.pdf", PDF + b"0" * 2048)

    assert caught.value.code == "document_too_large"
    assert not case.documents.exists()


def test_the_default_limit_is_ten_megabytes(desk):
    case = desk.open()
    with pytest.raises(DomainError) as caught:
        upload(desk, case, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert caught.value.code == "document_too_large"


def test_a_document_not_on_the_checklist_is_refused(desk):
    case = desk.open()
    with pytest.raises(DomainError):
        upload(desk, case, "a.pdf", PDF, document="其他材料")


def test_a_new_upload_replaces_the_old_file(desk, django_capture_on_commit_callbacks):
    case = desk.open()
    first = upload(desk, case, "a.pdf", PDF)
    old_path = Path(first.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        second = upload(desk, case, "b.png", PNG)

    assert second.pk == first.pk
    assert second.content_type == "image/png"
    assert not old_path.exists()


def test_the_talent_uploads_online_but_others_may_not(desk):
    case = desk.open()
    upload(desk, case, "a.pdf", PDF, actor=desk.talent_user)
    for actor in (desk.finance_officer, make_talent_user(make_master())):
        with pytest.raises(PermissionDenied):
            upload(desk, case, "a.pdf", PDF, actor=actor)


def test_documents_are_frozen_once_the_case_is_accepted(desk):
    case = desk.open()
    for name in (ID_CARD, CONTRACT):
        services.mark_document_seen(case, actor=desk.clerk, code=document_code(name))
    case = services.accept_application(case, actor=desk.clerk)
    with pytest.raises(PermissionDenied):
        upload(desk, case, "a.pdf", PDF)


def test_a_document_is_served_only_to_those_who_may_see_the_case(desk):
    case = desk.open()
    upload(desk, case, "a.pdf", PDF)
    code = document_code(CONTRACT)

    response = document_response(desk.housing_officer, case.pk, code)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="application.document_download").count() == 1

    for outsider in (make_talent_user(make_master()), make_clerk()):
        with pytest.raises(NotFound):
            selectors.get_document_for_actor(outsider, case.pk, code)


def test_behind_nginx_a_document_is_handed_to_nginx_by_x_accel_with_its_name_and_audit(
    desk, client, settings
):
    case = desk.open()
    upload(desk, case, "a.pdf", PDF)
    document = case.documents.get(code=document_code(CONTRACT))
    settings.UPLOADS_X_ACCEL_PREFIX = "/protected-media/"
    client.force_login(desk.housing_officer)

    response = client.get(
        reverse("desk:document-download", args=[case.pk, document_code(CONTRACT)])
    )

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"  # sniffed from the bytes
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"{case.pk}-{document.code}.pdf" in disposition
    assert response.content == b""
    assert AuditEvent.objects.filter(action="application.document_download").count() == 1


def test_a_document_whose_bytes_are_not_its_recorded_type_is_served_as_octet_stream(desk):
    case = desk.open()
    upload(desk, case, "a.pdf", PDF)
    document = case.documents.get(code=document_code(CONTRACT))
    with document.file.open("wb") as f:
        f.write(TEXT)

    response = document_response(desk.housing_officer, case.pk, document.code)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_a_document_only_ticked_as_seen_has_no_file_to_serve(desk):
    case = desk.open()
    services.mark_document_seen(case, actor=desk.clerk, code=document_code(ID_CARD))
    with pytest.raises(NotFound):
        selectors.get_document_for_actor(desk.clerk, case.pk, document_code(ID_CARD))
