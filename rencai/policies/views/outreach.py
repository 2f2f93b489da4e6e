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
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.errors import DomainError
from rencai.core.forms import DateInput
from rencai.core.http import http_errors
from rencai.core.listfilters import active_filters, export_query
from rencai.core.models import Division, Organisation
from rencai.core.permissions import roles_of
from rencai.core.text import format_duration
from rencai.core.xlsx.writing import xlsx_download
from rencai.talents.models import Talent

from .. import permissions, selectors
from ..exports import export_notices
from ..models import Benefit, BenefitVersion, OutreachNotice, OutreachRun
from ..services.outreach import start_outreach
from ..subjects import BENEFIT_KIND, subject_kind, subject_kinds

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


class NoticeFilterForm(forms.Form):
    """The notice log's filters; the "notices sent" figure's drill-down lands here with the
    talent's county and the period the notices were sent in."""

    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY),
        required=False,
    )
    kind = forms.ChoiceField(label=gettext_lazy("Subject"), required=False)
    sent_from = forms.DateField(label=gettext_lazy("Sent from"), required=False, widget=DateInput)
    sent_to = forms.DateField(label=gettext_lazy("Sent to"), required=False, widget=DateInput)
    # the subject's department: a benefit's owning department, an event's organiser
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext_lazy("(any)"))] + [
            (kind, _kind_label(kind)) for kind in subject_kinds()
        ]


def _kind_label(kind: str) -> str:
    if kind == BENEFIT_KIND:
        return _("Benefit")
    try:
        return str(subject_kind(kind).label)
    except LookupError:
        return kind


@require_safe
@login_required
@http_errors
def notice_list(request):
    """The notices sent to the talents the user sees, newest first: the "notices sent"
    figure's list (one row per talent told about one version of a subject)."""
    _require_viewer(request)
    form = NoticeFilterForm(request.GET or None)
    notices = OutreachNotice.objects.filter(
        talent__in=Talent.objects.for_actor(request.user).values("pk")
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("county"):
        notices = notices.filter(talent__county=data["county"])
    if data.get("kind"):
        notices = notices.filter(kind=data["kind"])
    if data.get("department"):
        notices = notices.filter(department=data["department"])
    if data.get("sent_from"):
        notices = notices.filter(created_at__date__gte=data["sent_from"])
    if data.get("sent_to"):
        notices = notices.filter(created_at__date__lte=data["sent_to"])
    notices = notices.select_related("talent", "talent__county").order_by("-created_at", "-pk")
    if request.GET.get("format") == "xlsx":
        output, filename = export_notices(request.user, notices, _kind_label)
        return xlsx_download(output, filename)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    for notice in page.object_list:
        notice.kind_label = _kind_label(notice.kind)
    return render(
        request,
        "policies/notice_list.html",
        {
            "form": form,
            "page": page,
            "export_query": export_query(request.GET),
            "filtered": bool(data and any(data.values())),
            "active_filters": active_filters(
                start=data.get("sent_from"),
                end=data.get("sent_to"),
                county=data.get("county"),
                others=[data.get("kind") and _kind_label(data["kind"]), data.get("department")],
            ),
        },
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
