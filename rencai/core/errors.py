"""Domain errors: raised by services, mapped to HTTP statuses in one place (core.api.errors)."""

from __future__ import annotations


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
