"""Forms of the core pages: the window's find form and the audit-log filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import audit_display, selectors


class DateInput(forms.DateInput):
    """A native date picker (old browsers fall back to typing YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WindowFindForm(forms.Form):
    """Find one talent at the window: by identity number, by mobile, or by name + birth date.

    The home page renders it and posts it to the `talent-find` page (talents app), which reads
    the same field names. It is always POSTed: identifiers must not end up in URLs. Browsers are
    asked not to remember the typed values (a shared counter PC).
    """

    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput)


class AuditFilterForm(forms.Form):
    """Filters of the audit-log page (all optional; an invalid value is ignored)."""

    actor = forms.CharField(label=_("User"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    q = forms.CharField(label=_("Object contains"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("(any)"))]
        self.fields["action"].choices = anything + sorted(
            ((a, audit_display.action_label(a)) for a in selectors.audit_actions()),
            key=lambda choice: str(choice[1]),
        )
        self.fields["target_type"].choices = anything + sorted(
            (
                (t, audit_display.object_label(t) or _("Other"))
                for t in selectors.audit_target_types()
            ),
            key=lambda choice: str(choice[1]),
        )

    def filters(self) -> dict:
        """Keyword arguments for `selectors.audit_events` from the valid fields."""
        self.is_valid()  # cleaned_data keeps the fields that did validate
        data = self.cleaned_data
        return {
            "actor_username": (data.get("actor") or "").strip(),
            "action": data.get("action") or "",
            "target_type": data.get("target_type") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "text": (data.get("q") or "").strip(),
        }


class SmsLoginForm(forms.Form):
    """Log in with a mobile and the code sent to it. "Send code" needs the mobile only."""

    mobile = forms.RegexField(
        label=_("Mobile"),
        regex=r"^1[3-9]\d{9}$",
        max_length=11,
        error_messages={"invalid": _("Enter an 11-digit mainland mobile number.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    code = forms.RegexField(
        label=_("SMS code"),
        regex=r"^\d{6}$",
        max_length=6,
        required=False,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_mobile(self) -> str:
        return "".join(self.cleaned_data["mobile"].split())
