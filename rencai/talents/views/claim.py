"""Not yet built: every view answers 404 until its workflow lands."""

from django.http import Http404


def claim_start(request, *args, **kwargs):
    raise Http404


def claim_confirm(request, *args, **kwargs):
    raise Http404
