"""Forms of a talent's moves: departure, return, transfer. The rules live in `services.moves`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import DivisionLevel
from rencai.core.forms import DateInput
from rencai.core.models import Division

from .models import DepartureReason, Talent


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
