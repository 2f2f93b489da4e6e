"""Documents: the benefit's checklist, ticked as seen at the window or uploaded.

Uploads are PDF, JPEG or PNG, told by their first bytes (never by the name they came with),
and the name's extension must agree with them: a `.pdf` that is really a program or a text
file is refused, and so is a PNG called `.pdf`. At most `DESK_MAX_UPLOAD_BYTES` (10 MB by
default). Files are stored under MEDIA_ROOT (var/media: outside the web root, never served
as static) with a name we make, and served only through a selector that checks the actor may
see the case (`selectors.get_document_for_actor`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import DomainError, PermissionDenied

from .. import permissions
from ..errors import DeskError
from ..models import Application, ApplicationDocument
from ..selectors import ChecklistItem, checklist

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]


KINDS = (
    FileKind("application/pdf", (".pdf",), (b"%PDF-",)),
    FileKind("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    FileKind("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",)),
)


def max_bytes() -> int:
    return int(getattr(settings, "DESK_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _entry(application: Application, code: str) -> ChecklistItem:
    for item in checklist(application):
        if item.code == code:
            return item
    raise DomainError(
        _("This document is not on the benefit's checklist."),
        code=DeskError.INVALID_DOCUMENT,
        fields={"code": [_("Not on the checklist.")]},
    )


def sniff(head: bytes) -> FileKind | None:
    """The file's kind by its first bytes (None: not a kind we accept)."""
    for kind in KINDS:
        if any(head.startswith(magic) for magic in kind.magic):
            return kind
    return None


def validate_upload(upload) -> FileKind:
    """Refuse an oversized file, a file of another type, or a name that misleads about it."""
    size = upload.size
    if size is None or size > max_bytes():
        message = _("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}
        raise DomainError(message, code=DeskError.DOCUMENT_TOO_LARGE, fields={"file": [message]})
    if size == 0:
        message = _("The file is empty.")
        raise DomainError(message, code=DeskError.INVALID_DOCUMENT, fields={"file": [message]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        message = _("Only PDF, JPEG and PNG files are accepted.")
        raise DomainError(message, code=DeskError.INVALID_DOCUMENT, fields={"file": [message]})
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in kind.extensions:
        message = _("The file's name does not match its content (%(type)s).") % {
            "type": kind.content_type
        }
        raise DomainError(message, code=DeskError.INVALID_DOCUMENT, fields={"file": [message]})
    return kind


def _require_edit(actor, application: Application) -> None:
    if not permissions.can_edit_documents(actor, application):
        raise PermissionDenied(_("You may not change this case's documents."))


def upload_document(application: Application, *, actor, code: str, upload) -> ApplicationDocument:
    """Store an upload for one checklist entry (replacing an earlier upload of it)."""
    _require_edit(actor, application)
    item = _entry(application, code)
    kind = validate_upload(upload)
    filename = f"{uuid.uuid4().hex}{kind.extensions[0]}"
    with transaction.atomic():
        document = (
            ApplicationDocument.objects.select_for_update()
            .filter(application=application, code=code)
            .first()
        ) or ApplicationDocument(application=application, code=code, name=item.name)
        old = document.file.name if document.file else ""
        document.file.save(filename, upload, save=False)
        storage, new = document.file.storage, document.file.name
        # The file is written now; if the transaction fails it must not stay behind.
        transaction.on_commit(lambda: storage.delete(old) if old else None)
        try:
            document.content_type = kind.content_type
            document.size = upload.size
            document.uploaded_by = audit.acting_user(actor)
            document.save()
            audit.record(
                actor,
                "application.document_upload",
                application,
                changes={
                    "document": item.name,
                    "content_type": kind.content_type,
                    "size": upload.size,
                },
            )
        except Exception:
            storage.delete(new)
            raise
    return document


def mark_document_seen(
    application: Application, *, actor, code: str, seen: bool = True
) -> ApplicationDocument:
    """Tick (or untick) that the clerk saw the original of a checklist document."""
    if not permissions.can_tick_seen(actor, application):
        raise PermissionDenied(_("Only the clerk or the department records an original as seen."))
    item = _entry(application, code)
    with transaction.atomic():
        document, _created = ApplicationDocument.objects.select_for_update().get_or_create(
            application=application, code=code, defaults={"name": item.name}
        )
        document.seen_original = seen
        document.save(update_fields=["seen_original"])
        audit.record(
            actor,
            "application.document_seen",
            application,
            changes={"document": item.name, "seen_original": seen},
        )
    return document
