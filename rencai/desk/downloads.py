"""Serving an uploaded document: only through the scoped selector, as an attachment.

Files live under MEDIA_ROOT, which no URL serves; this is the only way out. The page view and
the API both answer with `document_response(actor, application_pk, code)`, which answers with
`core.uploads.attachment`: the type sniffed again from the bytes, `nosniff`, and behind nginx
(`UPLOADS_X_ACCEL_PREFIX`) an `X-Accel-Redirect` for nginx to send the file.
"""

from __future__ import annotations

from pathlib import PurePath

from django.http import HttpResponse

from rencai.core import audit, uploads

from . import selectors


def document_response(actor, application_pk, code: str) -> HttpResponse:
    """The document as a download (NotFound unless the actor may see the case); audited."""
    document = selectors.get_document_for_actor(actor, application_pk, code)
    extension = PurePath(document.file.name).suffix
    response = uploads.attachment(
        document.file, filename=f"{document.application_id}-{document.code}{extension}"
    )
    audit.record(
        actor,
        "application.document_download",
        document.application,
        changes={"document": document.name},
    )
    return response
