"""Domain errors: raised by services, mapped to HTTP statuses in one place (core.api.errors)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A refusal a user can understand: a stable code, a Chinese message, optional fields."""

    status = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class NotFound(DomainError):
    """Missing, or outside the actor's scope: the two answer alike."""

    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    """The actor may see the object but may not do this to it."""

    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    """The write would break a uniqueness rule (a duplicate talent, a second active card)."""

    status = 409
    code = "conflict"


def error_text(exc: Exception) -> str:
    """A refusal in one line, for a message on a page: a domain error's message, then any of
    its field messages the message does not already say; a validation error's messages."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    message = str(getattr(exc, "message", exc))
    parts = [message]
    for field_messages in (getattr(exc, "fields", None) or {}).values():
        parts.extend(str(m) for m in field_messages if str(m) not in message)
    return " ".join(parts)
