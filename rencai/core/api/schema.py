"""OpenAPI pieces every app's API shares: the error body and its documented responses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error body: a stable code, a message, and messages per field."""

    code = serializers.CharField(help_text=_("A stable code, e.g. invalid, not_found, conflict."))
    message = serializers.CharField(help_text=_("A message to show to a person."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field; non_field_errors for the whole request."),
    )


_DESCRIPTIONS = {
    400: _("Invalid input: see fields."),
    401: _("Not signed in (send a token or a session cookie)."),
    403: _("Your role may not do this."),
    404: _("Not found, or outside your scope."),
    409: _("Conflict with existing data (e.g. a duplicate)."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses, e.g. `responses={200: S, **error_responses(400, 404)}`."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=str(_DESCRIPTIONS[code]))
        for code in codes
    }


def document_shared_errors(result, generator, request, public):
    """A drf-spectacular post-processing hook: answers every operation can give, documented.

    - a paged list answers 404 for a page past the end (`?page=0`, `?page=99`);
    - an operation with query parameters answers 400 when one is not valid;
    - an operation behind authentication answers 401 without credentials.
    """
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
            wanted = set()
            if "page" in query:
                wanted.add(404)
            if query:
                wanted.add(400)
            if operation.get("security") != [] and {} not in operation.get("security", []):
                wanted.add(401)
            for code in sorted(wanted):
                responses.setdefault(
                    str(code), {"content": error, "description": str(_DESCRIPTIONS[code])}
                )
    return result
