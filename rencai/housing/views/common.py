"""What the housing pages share: refusals as messages, the xlsx download, paging."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import FileResponse

from rencai.core.errors import DomainError

PAGE_SIZE = 50


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


def flash_error(request, exc: DomainError) -> None:
    parts = [str(exc.message)]
    for field_messages in (exc.fields or {}).values():
        parts.extend(str(m) for m in field_messages if str(m) not in parts[0])
    messages.error(request, " ".join(parts))


def xlsx_response(export) -> FileResponse:
    return FileResponse(
        export.file,
        as_attachment=True,
        filename=export.filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
