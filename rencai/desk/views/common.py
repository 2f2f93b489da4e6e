"""What every desk page shares: refusals as messages, safe redirects, the case or 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404

from rencai.core.choices import Role
from rencai.core.errors import DomainError, NotFound, error_text
from rencai.core.permissions import roles_of

from .. import selectors
from ..models import Application


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


def case_or_404(actor, pk) -> Application:
    try:
        return selectors.get_application_for_actor(actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, error_text(exc))


def is_only_talent(actor) -> bool:
    """A talent acting for themself, with no office role beside it."""
    return roles_of(actor).codes == {Role.TALENT}
