"""Forms of the registry pages: the talent form, list filters, family members, import upload.

The talent form checks its fields through `services.registry.validate_talent`, so the page
shows the same per-field messages as the API and the importer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import DivisionLevel, Role
from rencai.core.errors import DomainError
from rencai.core.forms import DateInput
from rencai.core.masking import mask_id_number, mask_mobile
from rencai.core.models import Division
from rencai.core.permissions import roles_of
from rencai.core.validators import normalise_mobile

from .choices import IdType, Relation, Sex, card_kind_choices
from .identity import normalise_id_number
from .imports import MAX_UPLOAD_BYTES, employer_queryset
from .models import Degree, Tag, Talent, Tier, Title
from .selectors import TalentFilters
from .services.registry import validate_talent

ESSENTIAL_FIELDS = ("name", "id_type", "id_number", "mobile", "county")
# The registry list's filters that may travel in a URL; the identity number and mobile never do.
QUERY_FILTERS = (
    "name",
    "employer",
    "county",
    "tier",
    "degree",
    "tag",
    "has_card",
    "registered_from",
    "registered_to",
    "as_of",
)
IDENTIFIER_FILTERS = ("id_number", "mobile")


def counties_for(actor, *, registering: bool) -> Any:
    """Counties the actor may choose: their own as a county officer, else all of them.

    Registering: clerks and the task force register anyone, anywhere. Browsing: the task
    force and the city administrator see every county.
    """
    counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    roles = roles_of(actor)
    everywhere = (
        roles.has(Role.TASK_FORCE, Role.WINDOW_CLERK) if registering else roles.is_city_wide
    )
    if everywhere:
        return counties
    return counties.filter(pk__in=sorted(roles.division_ids(Role.COUNTY_OFFICER)))


class TalentForm(forms.Form):
    """Register or edit a talent: the walk-in essentials first, then everything optional.

    Editing never shows the full identity number or mobile (that is an audited reveal): the
    fields start empty, and an empty field keeps the current value.
    """

    name = forms.CharField(label=_("Name"), max_length=50)
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices)
    id_number = forms.CharField(label=_("Document number"), max_length=30)
    mobile = forms.CharField(label=_("Mobile"), max_length=20)
    county = forms.ModelChoiceField(label=_("County"), queryset=Division.objects.none())
    id_country = forms.CharField(
        label=_("Issuing country"),
        max_length=50,
        required=False,
        help_text=_("Passports only."),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput,
        help_text=_("Only for foreign documents: ID cards carry it."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", "—"), *Sex.choices],
        required=False,
        help_text=_("Only for foreign documents: ID cards carry it."),
    )
    degree = forms.ModelChoiceField(
        label=_("Degree"), queryset=Degree.objects.all(), required=False, empty_label="—"
    )
    school = forms.CharField(label=_("School"), max_length=100, required=False)
    major = forms.CharField(label=_("Major"), max_length=100, required=False)
    graduation_date = forms.DateField(label=_("Graduation date"), required=False, widget=DateInput)
    title = forms.ModelChoiceField(
        label=_("Professional title"), queryset=Title.objects.all(), required=False, empty_label="—"
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=employer_queryset(),
        required=False,
        empty_label=_("(none)"),
    )
    tier = forms.ModelChoiceField(
        label=_("Tier"), queryset=Tier.objects.all(), required=False, empty_label=_("(no tier)")
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    arrival_date = forms.DateField(
        label=_("Date of arrival in the city"), required=False, widget=DateInput
    )

    def __init__(self, *args, actor, instance: Talent | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", self._initial_from(instance))
        super().__init__(*args, **kwargs)
        self.actor = actor
        counties = counties_for(actor, registering=True)
        if instance is not None:
            counties = counties | Division.objects.filter(pk=instance.county_id)
        self.fields["county"].queryset = counties.distinct()
        if instance is None and not self.is_bound and "county" not in self.initial:
            only = list(counties[:2])
            if len(only) == 1:  # a county officer registers into their county
                self.initial["county"] = only[0].pk
        if instance is not None:
            for name, masked in (
                ("id_number", mask_id_number(instance.id_number)),
                ("mobile", mask_mobile(instance.mobile)),
            ):
                field = self.fields[name]
                field.required = False
                field.widget.attrs["placeholder"] = masked
                field.help_text = _("Leave empty to keep the current value (%(masked)s).") % {
                    "masked": masked
                }

    @staticmethod
    def _initial_from(talent: Talent) -> dict[str, Any]:
        initial = {
            name: getattr(talent, name)
            for name in (
                "name",
                "id_type",
                "id_country",
                "birth_date",
                "sex",
                "county",
                "degree",
                "school",
                "major",
                "graduation_date",
                "title",
                "employer",
                "tier",
                "arrival_date",
            )
        }
        initial["tags"] = list(talent.tags.all())
        return initial

    def essential_fields(self):
        return [self[name] for name in ESSENTIAL_FIELDS]

    def optional_fields(self):
        return [self[name] for name in self.fields if name not in ESSENTIAL_FIELDS]

    def talent_fields(self) -> dict[str, Any]:
        """The cleaned values as the registry services take them."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.fields}
        if self.instance is not None:
            for name in ("id_number", "mobile"):
                if not data.get(name):
                    data.pop(name, None)
        data["tags"] = list(data.get("tags") or [])
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            validate_talent(self.talent_fields(), instance=self.instance)
        except ValidationError as exc:
            self.add_service_errors(exc.message_dict)
        return cleaned

    def add_service_errors(self, errors: dict[str, list]) -> None:
        """Put a service's field errors next to the fields (unknown fields above the form)."""
        for name, messages in errors.items():
            target = name if name in self.fields else None
            if target is not None and target in self.errors:
                continue  # Django already rejected this field: one message is enough

            for message in messages:
                self.add_error(target, message)

    def add_domain_error(self, exc: DomainError) -> None:
        if exc.fields:
            self.add_service_errors(exc.fields)
        else:
            self.add_error(None, str(exc.message))


class TalentFilterForm(forms.Form):
    """The registry list's filters. Invalid values are ignored, never an error page.

    The identity number and mobile are posted and kept in the session, never in a URL (server
    logs, browser history, links): `identifiers()` gives them, `query_string()` the rest.
    """

    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("Document number"), max_length=30, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    employer = forms.TypedChoiceField(label=_("Employer"), required=False, coerce=int)
    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int)
    tier = forms.ChoiceField(label=_("Tier"), required=False)
    degree = forms.ChoiceField(label=_("Degree"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    has_card = forms.ChoiceField(label=_("Card"), required=False)
    # a figure's drill-down lands here with the county and the period it counts
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DateInput)
    registered_to = forms.DateField(label=_("Registered to"), required=False, widget=DateInput)
    # a stock's drill-down: the talents in the registry on the day (registered, not yet left)
    as_of = forms.DateField(label=_("In the registry on"), required=False, widget=DateInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("(any)"))]
        self.fields["county"].choices = anything + list(
            counties_for(actor, registering=False).values_list("pk", "name")
        )
        self.fields["employer"].choices = anything + list(
            employer_queryset().values_list("pk", "name")
        )
        self.fields["tier"].choices = [
            *anything,
            ("none", _("(no tier)")),
            *Tier.objects.values_list("code", "name"),
        ]
        self.fields["degree"].choices = anything + list(Degree.objects.values_list("code", "name"))
        self.fields["tag"].choices = anything + list(Tag.objects.values_list("code", "name"))
        self.fields["has_card"].choices = anything + card_kind_choices()

    def _valid_data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data keeps the fields that did validate
        return self.cleaned_data

    def filters(self) -> TalentFilters:
        """The valid fields as TalentFilters (an unbound form filters nothing)."""
        if not self.is_bound:
            return TalentFilters()
        data = self._valid_data()
        return TalentFilters(
            name=(data.get("name") or "").strip(),
            id_number=(data.get("id_number") or "").strip(),
            mobile=(data.get("mobile") or "").strip(),
            employer=data.get("employer") or None,
            county=data.get("county") or None,
            tier=data.get("tier") or "",
            degree=data.get("degree") or "",
            tag=data.get("tag") or "",
            has_card=data.get("has_card") or "",
            registered_from=data.get("registered_from"),
            registered_to=data.get("registered_to"),
            as_of=data.get("as_of"),
        )

    def identifiers(self) -> dict[str, str]:
        """The valid identity number and mobile, normalised; empty ones are left out."""
        data = self._valid_data()
        values = {
            "id_number": normalise_id_number(data.get("id_number") or ""),
            "mobile": normalise_mobile(data.get("mobile") or ""),
        }
        return {name: value for name, value in values.items() if value}

    def query_string(self) -> str:
        """The valid non-identifying filters as a query string (never a number or mobile)."""
        data = self._valid_data()
        return urlencode(
            [(name, data[name]) for name in QUERY_FILTERS if data.get(name) not in (None, "")]
        )


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    name = forms.CharField(label=_("Name"), max_length=50)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput,
        help_text=_("Required for a child."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("At most 10 MB and 50,000 rows."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB: split it."), code="too_large")
        return upload
