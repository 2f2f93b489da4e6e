"""What every app's pages share: domain errors answered as HTTP errors, safe redirects."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from rencai.core.errors import NotFound, PermissionDenied


def http_errors(view):
    """NotFound → 404 (missing and out of scope alike); PermissionDenied → 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from None
        except PermissionDenied as exc:
            raise Forbidden(str(exc.message)) from None

    return wrapped


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
