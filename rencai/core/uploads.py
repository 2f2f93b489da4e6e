"""Uploaded files: their type told by their content, never by their name, and a size per kind.

A kind of upload (`UPLOAD_RULES`: a campaign plan, a report's evidence; the desk's documents
have their own rules in `desk.services.documents`, and workbooks to import are read, never
stored, by `core.xlsx.reading`, which refuses anything that is not an xlsx) accepts some file
types up to a size (`UPLOAD_MAX_BYTES`, per kind, in settings). The type is read from the first
bytes (PDF, PNG, JPEG) or, for the Office formats (xlsx, docx, which are zip files), from the
part the zip must hold; the name's extension must agree. A refused file gets one plain message.
Files are stored under MEDIA_ROOT with a name we make and served only by views that check who
asks, as attachments.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    magic: bytes
    zip_part: str = ""  # an Office file: the part its zip must hold


PDF = FileType("PDF", "application/pdf", (".pdf",), b"%PDF-")
PNG = FileType("PNG", "image/png", (".png",), b"\x89PNG\r\n\x1a\n")
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff")
XLSX = FileType(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    b"PK\x03\x04",
    zip_part="xl/workbook.xml",
)
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    b"PK\x03\x04",
    zip_part="word/document.xml",
)

# What each kind of upload accepts.
UPLOAD_RULES: dict[str, tuple[FileType, ...]] = {
    "campaign_plan": (PDF, DOCX),
    "campaign_evidence": (PDF, PNG, JPEG, DOCX, XLSX),
}
DEFAULT_MAX_BYTES = {
    "campaign_plan": 10 * 1024 * 1024,
    "campaign_evidence": 10 * 1024 * 1024,
}


def max_bytes(kind: str) -> int:
    limits = {**DEFAULT_MAX_BYTES, **getattr(settings, "UPLOAD_MAX_BYTES", {})}
    return int(limits[kind])


def sniff(upload, candidates: tuple[FileType, ...]) -> FileType | None:
    """Which of `candidates` the file's content is (None: none of them)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for file_type in candidates:
        if not head.startswith(file_type.magic):
            continue
        if not file_type.zip_part:
            return file_type
        try:
            with zipfile.ZipFile(upload) as archive:
                if file_type.zip_part in archive.namelist():
                    return file_type
        except zipfile.BadZipFile:
            pass
        finally:
            upload.seek(0)
    return None


def validate_upload(upload, kind: str) -> FileType:
    """The file's type, or a ValidationError that says what is accepted."""
    accepted = UPLOAD_RULES[kind]
    separator = "、" if (translation.get_language() or "").startswith("zh") else ", "
    names = separator.join(t.label for t in accepted)
    limit = max_bytes(kind)
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = sniff(upload, accepted)
    if file_type is None:
        raise ValidationError(
            _("Only %(types)s files are accepted (told by the content, not the name).")
            % {"types": names},
            code="wrong_type",
        )
    if PurePath(upload.name or "").suffix.lower() not in file_type.extensions:
        raise ValidationError(
            _("The file's name does not match its content (%(type)s).") % {"type": file_type.label},
            code="misnamed",
        )
    return file_type


KNOWN_TYPES = (PDF, PNG, JPEG, XLSX, DOCX)


def stored_name(file_type: FileType) -> str:
    """The name a file is stored under: one we make (never the uploader's), with its type's
    extension."""
    return f"{uuid.uuid4().hex}{file_type.extensions[0]}"


def attachment(field_file, filename: str = "") -> HttpResponse:
    """A stored file as a download: `Content-Disposition: attachment`, its type sniffed again
    from the content (an unknown one is `application/octet-stream`), `nosniff`. Never rendered
    inline from the app's origin. No file: 404.

    With `UPLOADS_X_ACCEL_PREFIX` set (behind nginx: deploy/nginx/rencai.conf), the answer
    carries no body but `X-Accel-Redirect: <prefix><stored name>`: the view has checked who
    asks and audited it, and nginx sends the bytes from its `internal` location."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    file_type = sniff(handle, KNOWN_TYPES)
    content_type = file_type.content_type if file_type else "application/octet-stream"
    name = filename or PurePath(field_file.name).name
    prefix = getattr(settings, "UPLOADS_X_ACCEL_PREFIX", "")
    response: HttpResponse
    if prefix:
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response
