"""The handling-time report: median and 90th percentile per benefit and per service point,
and the share decided within the target, over the cases the actor sees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core.http import http_errors

from .. import permissions
from ..forms import DateRangeForm
from ..selectors import handling_report
from .common import require


@login_required
@require_safe
@http_errors
def report(request):
    actor = request.user
    require(permissions.can_view_reports(actor))
    form = DateRangeForm(request.GET or None)
    values = form.values() if form.is_bound else {}
    result = handling_report(actor, **values)
    return render(request, "desk/report.html", {"form": form, "report": result})
