"""Helpers shared by the events pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require(condition: bool) -> None:
    if not condition:
        raise Forbidden


def xlsx_response(export) -> FileResponse:
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=XLSX
    )
