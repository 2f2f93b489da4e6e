"""Forms of the talent-card pages: issue a green card, record a Chucai card, renew, revoke.

The forms only parse input; the rules (validity span, one active card per kind, a reason to
revoke) live in `services.cards`, whose ValidationErrors come back onto these forms.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.forms import DateInput

from .choices import ChucaiLevel, card_kind_choices
from .models import TalentCard

GREEN_CARD_YEARS = 3


def years_later(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class ValidityForm(forms.Form):
    """A card's validity: from and to (both inclusive)."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput)


class GreenCardIssueForm(ValidityForm):
    """Issue the city's green card: valid from today for three years unless changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["valid_from"].initial = today
        self.fields["valid_to"].initial = years_later(today, GREEN_CARD_YEARS)


class ChucaiCardRecordForm(ValidityForm):
    """Record a 楚才卡 the province issued: its number, its own level (A/B) and validity."""

    number = forms.CharField(label=_("Card number"), max_length=30)
    level = forms.ChoiceField(
        label=_("Card level"),
        choices=ChucaiLevel.choices,
        widget=forms.RadioSelect,
        help_text=_("The level printed on the card; not the talent's tier."),
    )

    field_order = ["number", "level", "valid_from", "valid_to"]


class CardRenewForm(forms.Form):
    """Renew a card: the number stays, the validity gets a new end."""

    valid_to = forms.DateField(label=_("New end of validity"), widget=DateInput)

    def __init__(self, *args, card: TalentCard, **kwargs):
        super().__init__(*args, **kwargs)
        start = max(card.valid_to, clock.today())
        self.fields["valid_to"].initial = years_later(start, GREEN_CARD_YEARS)


class CardRevokeForm(forms.Form):
    """Revoke a card: the reason is required and kept with the card and in the audit log."""

    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CardFilterForm(forms.Form):
    """The card list's filters (GET; a figure's drill-down lands here with the county and the
    period). Invalid values are ignored, never an error page."""

    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int)
    kind = forms.ChoiceField(label=_("Card kind"), required=False)
    issued_from = forms.DateField(label=_("Recorded from"), required=False, widget=DateInput)
    issued_to = forms.DateField(label=_("Recorded to"), required=False, widget=DateInput)

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("(any)"))]
        self.fields["county"].choices = anything + list(counties.values_list("pk", "name"))
        self.fields["kind"].choices = anything + card_kind_choices()

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data keeps the fields that did validate
        data = self.cleaned_data
        return {
            "county": data.get("county") or None,
            "kind": data.get("kind") or "",
            "issued_from": data.get("issued_from"),
            "issued_to": data.get("issued_to"),
        }
