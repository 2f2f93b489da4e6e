"""Forms of the desk pages: the window's walk-in registration, case actions, uploads, filters,
and the talent's online application. Forms check input; services decide and write."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import DivisionLevel, OrganisationKind
from rencai.core.errors import DomainError
from rencai.core.forms import DateInput, WindowFindForm
from rencai.core.models import Division, Organisation
from rencai.policies.models import Benefit
from rencai.talents.choices import IdType
from rencai.talents.identity import ParsedId, parse_id
from rencai.talents.models import Degree, Talent

from . import selectors
from .choices import ApplicationState, Channel
from .selectors import document_code
from .services.documents import KINDS, max_bytes, validate_upload

ACCEPT_UPLOADS = ",".join(ext for kind in KINDS for ext in kind.extensions)


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal next to the fields it names (the rest above the form)."""
    placed = False
    for name, messages in (exc.fields or {}).items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


# --- the window: a walk-in registered in the same flow -------------------------------------


class WindowLookupForm(WindowFindForm):
    """The window's find form: a complete identity number looks itself up while typing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url = reverse("desk:window")
        self.fields["id_number"].widget.attrs.update(
            {
                "autofocus": True,
                "hx-post": url,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#window-result",
                "hx-include": "closest form",
                "hx-vals": '{"auto": "1"}',
                "hx-sync": "closest form:replace",
            }
        )


class WalkInForm(forms.Form):
    """Register a walk-in at the window: the registry's essentials, and the facts the
    city's benefits ask about (degree, graduation, arrival in the city). Birth date and sex
    come from the identity number; nothing is assumed for the clerk."""

    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices)
    id_number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code"),
        help_text=_("Where the talent lives or works."),
    )
    degree = forms.ModelChoiceField(
        label=_("Degree"), queryset=Degree.objects.all(), required=False, empty_label="—"
    )
    graduation_date = forms.DateField(label=_("Graduation date"), required=False, widget=DateInput)
    arrival_date = forms.DateField(
        label=_("Date of arrival in the city"), required=False, widget=DateInput
    )

    FACT_FIELDS = ("county", "degree", "graduation_date", "arrival_date")

    def __init__(self, *args, service_point: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("id_type", IdType.RIC)
        division = getattr(service_point, "division", None)
        if division is not None and division.level == DivisionLevel.COUNTY:
            # A talent station in a county serves that county's people.
            self.initial.setdefault("county", division.pk)
        for name in ("graduation_date", "arrival_date"):
            self.fields[name].widget.attrs["max"] = clock.today().isoformat()

    def talent_fields(self) -> dict[str, Any]:
        """The cleaned values as `registry.register_talent` takes them."""
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def parsed_id(self) -> ParsedId | None:
        """The identity number as typed, parsed (None while it is not a valid number)."""
        data = self.data if self.is_bound else self.initial
        try:
            return parse_id(
                data.get("id_type") or IdType.RIC,
                data.get("id_number") or "",
                today=clock.today(),
            )
        except ValidationError:
            return None

    def draft_talent(self) -> Talent | None:
        """An unsaved Talent built from what is typed so far, to preview eligibility; None
        until the identity number gives a birth date."""
        parsed = self.parsed_id()
        if parsed is None or parsed.birth_date is None:
            return None
        values: dict[str, Any] = {}
        for name in self.FACT_FIELDS:
            field = self.fields[name]
            try:
                values[name] = field.clean(field.widget.value_from_datadict(self.data, {}, name))
            except ValidationError:
                values[name] = None
        today = clock.today()
        for name in ("graduation_date", "arrival_date"):
            if values[name] and values[name] > today:
                values[name] = None
        talent = Talent(
            name=(self.data.get("name") or "").strip(),
            id_type=parsed.id_type,
            id_number=parsed.number,
            birth_date=parsed.birth_date,
            sex=parsed.sex,
            county=values["county"],
            degree=values["degree"],
            graduation_date=values["graduation_date"],
            arrival_date=values["arrival_date"],
        )
        # A new person holds no tag, card, family member or entitlement yet.
        talent.fact_sets = {}  # type: ignore[attr-defined]
        talent.fact_sets_on = today  # type: ignore[attr-defined]
        return talent


# --- case actions -------------------------------------------------------------------------


def new_key() -> str:
    """A fresh idempotency key for one rendered form: a double submit acts once."""
    return uuid.uuid4().hex


class ActionForm(forms.Form):
    """Every case action's inputs; the action decides which it reads."""

    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    payee_account = forms.CharField(
        label=_("Payee account"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DateInput)
    instalment = forms.IntegerField(label=_("Instalment"), required=False, min_value=1)
    confirmed = forms.MultipleChoiceField(
        label=_("Conditions confirmed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    idempotency_key = forms.CharField(max_length=80, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, to_confirm: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(c, c) for c in to_confirm or []]
        self.initial.setdefault("idempotency_key", new_key())
        self.initial.setdefault("paid_on", clock.today())


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_UPLOADS}),
    )


# --- filters ------------------------------------------------------------------------------


def valid_data(form: forms.Form) -> dict[str, Any]:
    """The fields that validated (an unbound or invalid filter form filters nothing more)."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def _benefit_choices() -> list[tuple[str, str]]:
    return [("", _("(any)"))] + [
        (str(pk), name) for pk, name in Benefit.objects.order_by("name").values_list("pk", "name")
    ]


class CaseFilterForm(forms.Form):
    """The case list's filters (GET; an invalid value is ignored)."""

    number = forms.CharField(label=_("Case number"), required=False, max_length=20)
    state = forms.ChoiceField(label=_("State"), required=False)
    benefit = forms.TypedChoiceField(
        label=_("Benefit"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    overdue = forms.TypedChoiceField(
        label=_("Time"),
        required=False,
        choices=[("", _("(any)")), ("1", _("Overdue")), ("0", _("Not overdue"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    # the dashboard's drill-downs (a figure's county and period) land here too
    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int, empty_value=None)
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DateInput)
    opened_to = forms.DateField(label=_("Opened to"), required=False, widget=DateInput)
    # the desk figures' drill-downs: the cases decided in the period, with or without a target
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("(any)")),
            (selectors.DECIDED, _("Decided")),
            (selectors.WITH_TARGET, _("Decided, with a time target")),
            (selectors.IN_TIME, _("Decided within the target")),
            (selectors.LATE, _("Decided after the target")),
        ],
    )
    decided_from = forms.DateField(label=_("Decided from"), required=False, widget=DateInput)
    decided_to = forms.DateField(label=_("Decided to"), required=False, widget=DateInput)
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("(any)"))]
        self.fields["department"].choices = anything + [
            (str(org.pk), str(org))
            for org in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)
            .select_related("division")
            .order_by("division__code", "name")
        ]
        self.fields["state"].choices = anything + list(ApplicationState.choices)
        self.fields["channel"].choices = anything + list(Channel.choices)
        self.fields["benefit"].choices = _benefit_choices()
        counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
        self.fields["county"].choices = anything + [
            (str(pk), name) for pk, name in counties.values_list("pk", "name")
        ]

    def filters(self) -> selectors.ApplicationFilters:
        data = valid_data(self)
        return selectors.ApplicationFilters(
            number=(data.get("number") or "").strip(),
            state=data.get("state") or "",
            benefit=data.get("benefit"),
            channel=data.get("channel") or "",
            overdue=data.get("overdue"),
            county=data.get("county"),
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
            decision=data.get("decision") or "",
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
            department=data.get("department"),
        )


class DateRangeForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    benefit = forms.TypedChoiceField(
        label=_("Benefit"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = _benefit_choices()

    def values(self) -> dict[str, Any]:
        data = valid_data(self)
        return {name: data.get(name) for name in ("date_from", "date_to", "benefit")}


class LedgerFilterForm(DateRangeForm):
    department = forms.TypedChoiceField(
        label=_("Paying department"), required=False, coerce=int, empty_value=None
    )
    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
        self.fields["county"].choices = [("", _("(any)"))] + [
            (str(pk), name) for pk, name in counties.values_list("pk", "name")
        ]
        departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).order_by(
            "division__code", "name"
        )
        self.fields["department"].choices = [("", _("(any)"))] + [
            (str(org.pk), str(org)) for org in departments.select_related("division")
        ]

    def filters(self) -> selectors.LedgerFilters:
        values = self.values()
        return selectors.LedgerFilters(
            date_from=values["date_from"],
            date_to=values["date_to"],
            benefit=values["benefit"],
            department=valid_data(self).get("department"),
            county=valid_data(self).get("county"),
        )


# --- self-service: apply online -----------------------------------------------------------


class OnlineApplicationForm(forms.Form):
    """A talent applies online: confirm each condition, upload each checklist document,
    give the bank account the money is paid to."""

    payee_account = forms.CharField(
        label=_("Bank account for payment"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("A bank card or account in your own name."),
    )

    def __init__(self, *args, benefit: Benefit, to_confirm: list[str], pays_money: bool, **kw):
        super().__init__(*args, **kw)
        self.benefit = benefit
        self.to_confirm = list(to_confirm)
        self.condition_fields = []
        for index, condition in enumerate(self.to_confirm):
            name = f"confirm_{index}"
            self.fields[name] = forms.BooleanField(label=condition, required=True)
            self.condition_fields.append(name)
        self.document_fields = []
        for document in benefit.documents or []:
            name = f"doc_{document_code(str(document))}"
            self.fields[name] = forms.FileField(
                label=str(document),
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_UPLOADS}),
                help_text=_("PDF, JPEG or PNG, up to %(mb)s MB.")
                % {"mb": max_bytes() // (1024 * 1024)},
            )
            self.document_fields.append(name)
        self.fields["payee_account"].required = pays_money
        self.order_fields([*self.condition_fields, *self.document_fields, "payee_account"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.document_fields:
            upload = cleaned.get(name)
            if upload is None:
                continue
            try:
                validate_upload(upload)
            except DomainError as exc:
                for message in exc.fields.get("file", [exc.message]):
                    self.add_error(name, message)
        return cleaned

    def conditions(self):
        return [self[name] for name in self.condition_fields]

    def documents(self):
        return [self[name] for name in self.document_fields]

    def confirmed(self) -> list[str]:
        return [c for i, c in enumerate(self.to_confirm) if self.cleaned_data.get(f"confirm_{i}")]

    def uploads(self) -> list[tuple[str, Any]]:
        """(checklist code, uploaded file) for every document."""
        return [
            (name.removeprefix("doc_"), self.cleaned_data[name]) for name in self.document_fields
        ]


# --- the service network ------------------------------------------------------------------


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET; an invalid value is ignored)."""

    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int, empty_value=None)
    need = forms.ChoiceField(label=_("What you need"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.filter(
            organisations__kind=OrganisationKind.SERVICE_POINT,
            organisations__directory_entry__isnull=False,
        ).distinct()
        self.fields["county"].choices = [("", _("(any)"))] + [
            (str(d.pk), d.name) for d in counties.order_by("code")
        ]
        self.fields["need"].choices = [("", _("(any)"))] + selectors.directory_needs()

    def filters(self) -> selectors.DirectoryFilters:
        data = valid_data(self)
        return selectors.DirectoryFilters(county=data.get("county"), need=data.get("need") or "")
