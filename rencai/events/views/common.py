"""Helpers shared by the events pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse

from rencai.core.xlsx.writing import xlsx_download


def require(condition: bool) -> None:
    if not condition:
        raise Forbidden


def xlsx_response(export) -> FileResponse:
    return xlsx_download(export.file, export.filename)
