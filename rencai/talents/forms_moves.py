"""Forms of a talent's moves: departure, return, transfer. The rules live in `services.moves`."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import DivisionLevel
from rencai.core.forms import DateInput
from rencai.core.models import Division

from .choices import MoveKind
from .models import DepartureReason, Talent


class MoveFilterForm(forms.Form):
    """The moves list's filters (GET; an invalid value is ignored). A county matches the moves
    out of it and into it; the departures figure's drill-down lands here with the county left,
    the period and kind=departure."""

    kind = forms.ChoiceField(
        label=_("Kind of move"), required=False, choices=[("", _("(any)")), *MoveKind.choices]
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"),
        required=False,
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=DepartureReason.objects.all(), required=False
    )
    moved_from = forms.DateField(label=_("Moved from"), required=False, widget=DateInput)
    moved_to = forms.DateField(label=_("Moved to"), required=False, widget=DateInput)

    def apply(self, moves):
        if not self.is_bound or not self.is_valid():
            return moves
        data = self.cleaned_data
        if data.get("kind"):
            moves = moves.filter(kind=data["kind"])
        if data.get("county"):
            moves = moves.filter(Q(from_county=data["county"]) | Q(to_county=data["county"]))
        if data.get("reason"):
            moves = moves.filter(reason=data["reason"])
        if data.get("moved_from"):
            moves = moves.filter(moved_on__gte=data["moved_from"])
        if data.get("moved_to"):
            moves = moves.filter(moved_on__lte=data["moved_to"])
        return moves


class MoveForm(forms.Form):
    moved_on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, talent: Talent, **kwargs):
        super().__init__(*args, **kwargs)
        self.talent = talent
        self.fields["moved_on"].initial = clock.today()


class DepartureForm(MoveForm):
    """The talent left the city: when, and why (the catalogue's reasons)."""

    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=DepartureReason.objects.filter(is_active=True)
    )

    field_order = ["moved_on", "reason", "note"]


class ReturnForm(MoveForm):
    """The talent came back to the city."""


class TransferForm(MoveForm):
    """The talent moved to another county of the city."""

    to_county = forms.ModelChoiceField(label=_("To county"), queryset=Division.objects.none())

    field_order = ["moved_on", "to_county", "note"]

    def __init__(self, *args, talent: Talent, **kwargs):
        super().__init__(*args, talent=talent, **kwargs)
        self.fields["to_county"].queryset = (
            Division.objects.filter(level=DivisionLevel.COUNTY)
            .exclude(pk=talent.county_id)
            .order_by("code")
        )
