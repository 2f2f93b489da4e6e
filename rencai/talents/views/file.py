"""The one-person file (一人一档): for an officer who may see the talent, and for the talent
themself on their phone. Newest first, filterable by kind, paginated, exported to xlsx
(`?format=xlsx`, every entry the filter keeps). A page builds only its own entries
(`one_file.file_page`): "newer / older", no total."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from rencai.core.timeline import kinds
from rencai.core.xlsx.writing import xlsx_download

from ..actions import actions_for
from ..models import Talent
from ..one_file import export_file, file_entries, file_page, page_number
from ..selectors import talent_of_user
from .registry import _talent_or_404

PAGE_SIZE = 30


class FileFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Kinds of entry"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds().items())

    def kinds(self) -> list[str]:
        return self.cleaned_data["kind"] if self.is_valid() else []


def _render_file(request, talent: Talent, *, own: bool):
    form = FileFilterForm(request.GET or None)
    if request.GET.get("format") == "xlsx":
        entries = file_entries(request.user, talent, only=form.kinds())
        output, filename = export_file(request.user, talent, entries)
        return xlsx_download(output, filename)
    labels = kinds()
    number = page_number(request.GET.get("page"))
    page = file_page(request.user, talent, number=number, size=PAGE_SIZE, only=form.kinds())
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        "talent": talent,
        "form": form,
        "page_obj": page,
        "own": own,
        "query": query.urlencode(),
        "rows": [(entry, labels.get(entry.kind, "")) for entry in page.object_list],
        "back": reverse("core:me") if own else reverse("talents:detail", args=[talent.pk]),
        "talent_actions": [] if own else actions_for(request.user, talent),
    }
    return render(request, "talents/file.html", context)


@login_required
@require_safe
def talent_file(request, pk: int):
    """The file of a talent the viewer may see (anyone else: not found)."""
    talent = _talent_or_404(request.user, pk)
    return _render_file(request, talent, own=talent.user_id == request.user.pk)


@login_required
@require_safe
def my_file(request):
    """The signed-in talent's own file (我的档案); an account with no record: not found."""
    talent = talent_of_user(request.user)
    if talent is None:
        raise Http404
    return _render_file(request, talent, own=True)
