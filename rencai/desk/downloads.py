"""Serving an uploaded document: only through the scoped selector, as an attachment.

Files live under MEDIA_ROOT, which no URL serves; this is the only way out. The page view and
the API both answer with `document_response(actor, application_pk, code)`.
"""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse

from rencai.core import audit

from . import selectors


def document_response(actor, application_pk, code: str) -> FileResponse:
    """The document as a download (NotFound unless the actor may see the case); audited."""
    document = selectors.get_document_for_actor(actor, application_pk, code)
    extension = PurePath(document.file.name).suffix
    audit.record(
        actor,
        "application.document_download",
        document.application,
        changes={"document": document.name},
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.application_id}-{document.code}{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
