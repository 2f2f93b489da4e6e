"""What every app's pages share: domain errors answered as HTTP errors."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404

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
