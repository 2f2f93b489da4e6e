"""What the housing pages share: refusals as messages, the xlsx download, paging."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import FileResponse

from rencai.core.errors import DomainError, error_text
from rencai.core.xlsx.writing import xlsx_download

PAGE_SIZE = 50


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, error_text(exc))


def xlsx_response(export) -> FileResponse:
    return xlsx_download(export.file, export.filename)


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
