"""Not yet built: every view answers 404 until its workflow lands."""

from django.http import Http404


def card_issue(request, *args, **kwargs):
    raise Http404


def card_record(request, *args, **kwargs):
    raise Http404


def card_renew(request, *args, **kwargs):
    raise Http404


def card_revoke(request, *args, **kwargs):
    raise Http404


def card_qr(request, *args, **kwargs):
    raise Http404


def card_verify(request, *args, **kwargs):
    raise Http404
