"""What the desk's viewsets share: the Idempotency-Key header, input validation, 404s."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from rencai.core.api.views import referenced
from rencai.core.errors import NotFound

MAX_KEY_LENGTH = 80


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            {"Idempotency-Key": [_("At most %(n)s characters.") % {"n": MAX_KEY_LENGTH}]}
        )
    return key


def validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def get_or_404(model, pk):
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist as exc:
        raise NotFound(_("Not found.")) from exc


def get_or_400(model, pk, field: str):
    """The row a body names by id; a missing one is a field error of the body (400)."""
    return referenced(field, lambda: get_or_404(model, pk))
