"""Outreach runs (政策找人): the record of runs, one run's figures, starting a run.

The task force and city administrators see every run and start one for all benefits or one;
a department officer sees the runs and starts one for a benefit their department owns; a
county officer sees their county's runs and starts one (all benefits or one) over their
county's talents. A
started run is queued and runs in the background; its page shows its status and figures.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import DomainError
from rencai.core.http import http_errors
from rencai.core.models import Division
from rencai.core.permissions import roles_of
from rencai.core.text import format_duration

from .. import permissions, selectors
from ..models import Benefit, BenefitVersion, OutreachRun
from ..services.outreach import start_outreach

PAGE_SIZE = 30


class StartForm(forms.Form):
    benefit = forms.ModelChoiceField(
        label=gettext_lazy("benefit"),
        queryset=Benefit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every benefit in force"),
    )

    county = forms.ModelChoiceField(
        label=gettext_lazy("county"), queryset=Division.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        benefits = selectors.benefits_in_force(clock.today()).order_by("name")
        counties = permissions.outreach_counties(user)
        if counties:
            # A county officer's run looks at their county's talents, for any benefit.
            self.fields["county"].queryset = Division.objects.filter(pk__in=sorted(counties))
            self.fields["county"].required = True
            self.fields["county"].empty_label = None
        else:
            del self.fields["county"]
        if not counties and not permissions.can_manage_catalogue(user):
            own = roles_of(user).organisation_ids(Role.DEPARTMENT_OFFICER)
            benefits = benefits.filter(owning_department_id__in=sorted(own))
            self.fields["benefit"].required = True
            self.fields["benefit"].empty_label = None
        self.fields["benefit"].queryset = benefits


def _require_viewer(request) -> None:
    if not permissions.can_view_outreach(request.user):
        raise Forbidden


def _runs(user):
    """The runs whose figures the user sees (`permissions.outreach_runs_q`)."""
    runs = OutreachRun.objects.select_related("benefit", "started_by", "county")
    return runs.filter(permissions.outreach_runs_q(user))


@require_safe
@login_required
@http_errors
def outreach_list(request):
    _require_viewer(request)
    runs = _runs(request.user).order_by("-created_at")
    if request.GET.get("talents") != "1":
        runs = runs.filter(talent__isnull=True)  # one-talent runs are many and small
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = StartForm(user=request.user)
    can_start = permissions.can_manage_catalogue(request.user) or bool(
        form.fields["benefit"].queryset.exists()
    )
    return render(
        request,
        "policies/outreach_list.html",
        {"page_obj": page, "runs": page.object_list, "form": form, "can_start": can_start},
    )


@require_safe
@login_required
@http_errors
def outreach_detail(request, pk):
    _require_viewer(request)
    run = get_object_or_404(_runs(request.user), pk=pk)
    versions = version_rows((run.versions or {}).get("versions", []))
    took = (run.versions or {}).get("total_ms")
    return render(
        request,
        "policies/outreach_detail.html",
        {"run": run, "versions": versions, "took": format_duration(took) if took else ""},
    )


def version_rows(entries: list[dict]) -> list[dict]:
    """A run's per-version figures with the benefit's name, the date its version took effect
    and a duration in words (no codes, no "v1", no milliseconds)."""
    codes = [e.get("benefit") for e in entries]
    found = {
        (v.benefit.code, v.number): v
        for v in BenefitVersion.objects.filter(benefit__code__in=codes).select_related("benefit")
    }
    rows = []
    for entry in entries:
        version = found.get((entry.get("benefit"), entry.get("version")))
        rows.append(
            {
                **entry,
                "name": version.benefit.name if version else entry.get("benefit"),
                "effective_from": version.effective_from if version else None,
                "took": format_duration(entry.get("ms")),
            }
        )
    return rows


@require_POST
@login_required
@http_errors
def outreach_start(request):
    _require_viewer(request)
    form = StartForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a benefit you may run outreach for."))
        return redirect("policies:outreach-list")
    try:
        run = start_outreach(
            actor=request.user,
            benefit=form.cleaned_data["benefit"],
            county=form.cleaned_data.get("county"),
        )
    except DomainError as exc:
        raise Forbidden(str(exc.message)) from None
    messages.success(request, _("Outreach is queued: this page shows its figures when done."))
    return redirect("policies:outreach-detail", run.pk)
