"""Finance forms: the loan application, the step forms, the claim list's bank and quarter."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.core.models import Division, Organisation
from rencai.core.money import yuan_to_fen

from .choices import LoanState
from .models import LoanProduct


class LoanApplicationForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Loan product"), queryset=LoanProduct.objects.filter(is_active=True)
    )
    bank = forms.ModelChoiceField(
        label=_("Bank"), queryset=Organisation.objects.filter(kind="bank", is_active=True)
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=120)
    borrower_organisation = forms.ModelChoiceField(
        label=_("Borrowing organisation (small business or partnership)"),
        queryset=Organisation.objects.filter(kind__in=["enterprise", "institution"]),
        required=False,
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    confirmed = forms.MultipleChoiceField(
        label=_("The borrower confirms"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[],
    )

    def __init__(self, *args, conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(c, c) for c in conditions]
        if not conditions:
            del self.fields["confirmed"]
        self.fields["bank"].queryset = Organisation.objects.filter(
            kind="bank", is_active=True, loan_products__is_active=True
        ).distinct()

    def amount_fen(self) -> int:
        return yuan_to_fen(self.cleaned_data["amount"])


DATE = forms.DateInput(attrs={"type": "date"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class ContractForm(forms.Form):
    contract_date = forms.DateField(label=_("Contract date"), required=False, widget=DATE)
    rate = forms.DecimalField(
        label=_("Contract rate (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("Empty: the LPR on the contract date."),
    )

    def rate_bp(self) -> int | None:
        rate = self.cleaned_data.get("rate")
        return None if rate is None else int(rate * 100)


class DefaultForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    fund_paid = forms.DecimalField(
        label=_("Paid by the guarantee fund (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )


class LoanFilterForm(forms.Form):
    """The loan list's filters; a figure's drill-down lands here with county and dates."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All"))] + list(LoanState.choices), required=False
    )
    county = forms.ModelChoiceField(
        label=_("County"), queryset=Division.objects.filter(level="county"), required=False
    )
    bank = forms.ModelChoiceField(
        label=_("Bank"), queryset=Organisation.objects.filter(kind="bank"), required=False
    )
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=LoanProduct.objects.all(), required=False
    )
    disbursed_from = forms.DateField(label=_("Disbursed from"), required=False, widget=DATE)
    disbursed_to = forms.DateField(label=_("Disbursed to"), required=False, widget=DATE)
    # the guarantee centre reviewing the loan (the dashboard's department filter)
    department = forms.ModelChoiceField(
        label=_("Department (guarantee centre)"),
        queryset=Organisation.objects.filter(kind="department"),
        required=False,
    )

    def apply(self, loans):
        if not self.is_valid():
            return loans
        data = self.cleaned_data
        for name, lookup in [
            ("state", "state"),
            ("county", "county"),
            ("bank", "bank"),
            ("product", "product"),
            ("disbursed_from", "disbursed_on__gte"),
            ("disbursed_to", "disbursed_on__lte"),
            ("department", "guarantor"),
        ]:
            if data.get(name):
                loans = loans.filter(**{lookup: data[name]})
        return loans


class ClaimForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, q) for q in (1, 2, 3, 4)], coerce=int
    )

    def __init__(self, *args, banks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks if banks is not None else Organisation.objects.none()
