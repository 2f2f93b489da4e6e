"""What every desk page shares: refusals as messages, safe redirects, the case or 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from rencai.core.choices import Role
from rencai.core.errors import DomainError, NotFound
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


def see_other(url: str) -> HttpResponseRedirect:
    """A 303 after a POST: the browser GETs the next page."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def safe_next(request, default: str) -> str:
    """The `next` the form posted, if it is a path on this site; else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def error_text(exc: DomainError) -> str:
    """The refusal in one line: the message, then any field messages it does not repeat."""
    parts = [str(exc.message)]
    for messages_ in (exc.fields or {}).values():
        for message in messages_:
            if str(message) not in parts[0]:
                parts.append(str(message))
    return " ".join(parts)


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, error_text(exc))


def is_only_talent(actor) -> bool:
    """A talent acting for themself, with no office role beside it."""
    return roles_of(actor).codes == {Role.TALENT}
