"""One exception handler: every API error is {"code", "message", "fields"}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rencai.core.errors import DomainError


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            if not isinstance(value, dict)
            else _fields(value)
            for key, value in detail.items()
        }
    return {}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "message": str(exc.message), "fields": exc.fields}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "invalid",
            "message": _("Some fields are not valid."),
            "fields": _fields(exc.detail)
            if isinstance(exc.detail, dict)
            else {"non_field_errors": [str(m) for m in exc.detail]},
        }
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(getattr(exc, "detail", exc)),
            "fields": {},
        }
    if response.status_code == status.HTTP_404_NOT_FOUND:
        body["code"], body["message"] = "not_found", _("Not found.")
    response.data = body
    return response
