"""Not yet built: every view answers 404 until its workflow lands."""

from django.http import Http404


def talent_list(request, *args, **kwargs):
    raise Http404


def talent_create(request, *args, **kwargs):
    raise Http404


def window_find(request, *args, **kwargs):
    raise Http404


def talent_export(request, *args, **kwargs):
    raise Http404


def talent_import(request, *args, **kwargs):
    raise Http404


def import_template(request, *args, **kwargs):
    raise Http404


def talent_detail(request, *args, **kwargs):
    raise Http404


def talent_edit(request, *args, **kwargs):
    raise Http404


def talent_reveal(request, *args, **kwargs):
    raise Http404
