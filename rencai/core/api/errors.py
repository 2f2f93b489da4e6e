"""One exception handler: every API error is {"code", "message", "fields"}.

`fields` is always a flat {"<field>": ["<message>", ...]} map: nested serializer errors are
keyed by dotted paths ("family.0.name"), and a form-wide error by "non_field_errors".
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from rencai.core.errors import DomainError


def _key(name) -> str:
    name = str(name)
    return api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name


def flatten_fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"a": {"b": ["m"]}, "c": [{"d": ["n"]}]} → {"a.b": ["m"], "c.0.d": ["n"]}."""
    fields: dict[str, list[str]] = {}

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{_key(key)}" if path else _key(key))
        elif isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list)) for v in value):
            for index, item in enumerate(value):
                if item:
                    walk(item, f"{path}.{index}" if path else str(index))
        elif isinstance(value, (list, tuple)):
            fields.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).extend(
                str(m) for m in value
            )
        else:
            fields.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(value))

    walk(detail, prefix)
    return fields


def _validation_body(detail) -> dict:
    fields = flatten_fields(detail if isinstance(detail, dict) else {NON_FIELD_ERRORS: detail})
    general = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
    # A form-wide error (wrong password, a rule across fields) is the clearest message.
    message = general[0] if general and len(fields) == 1 else _("Some fields are not valid.")
    return {"code": "invalid", "message": message, "fields": fields}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {
            "code": exc.code,
            "message": str(exc.message),
            "fields": flatten_fields(exc.fields),
        }
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc.detail)
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
