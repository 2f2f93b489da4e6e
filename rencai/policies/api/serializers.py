"""API shapes of policies, benefits (with their versions) and entitlements.

Money is yuan as a decimal string with two places ("30000.00"); rules and amounts are the
JSON of the rule language, exactly as stored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core.api.fields import IdField, RefField, YuanField
from rencai.core.api.serializers import OrganisationRefSerializer
from rencai.core.choices import OrganisationKind
from rencai.core.models import Organisation

from ..choices import EntitlementState, PolicyCategory
from ..models import Benefit, BenefitVersion, Entitlement, Policy


class BenefitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["id", "code", "name"]


class PolicySerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    benefits = BenefitRefSerializer(many=True, read_only=True)

    class Meta:
        model = Policy
        fields = [
            "id",
            "title",
            "issuing_body",
            "document_number",
            "category",
            "category_label",
            "effective_from",
            "expires_on",
            "full_text",
            "link",
            "is_example",
            "benefits",
            "created_at",
            "updated_at",
        ]


class PolicyInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    issuing_body = serializers.CharField(max_length=100)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=PolicyCategory.choices)
    effective_from = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    full_text = serializers.CharField(required=False, allow_blank=True)
    link = serializers.URLField(required=False, allow_blank=True)
    is_example = serializers.BooleanField(required=False)


class VersionSerializer(serializers.ModelSerializer):
    rule = serializers.JSONField()
    amount = serializers.JSONField()
    to_confirm = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = BenefitVersion
        fields = [
            "id",
            "number",
            "status",
            "rule",
            "amount",
            "to_confirm",
            "effective_from",
            "note",
            "created_at",
            "published_at",
        ]


class BenefitSerializer(serializers.ModelSerializer):
    owning_department = OrganisationRefSerializer(read_only=True)
    paying_department = OrganisationRefSerializer(read_only=True, allow_null=True)
    documents = serializers.ListField(child=serializers.CharField())
    current_version = serializers.SerializerMethodField()
    draft = serializers.SerializerMethodField()

    class Meta:
        model = Benefit
        fields = [
            "id",
            "policy",
            "code",
            "name",
            "summary",
            "audience",
            "owning_department",
            "paying_department",
            "exclusivity_group",
            "no_application",
            "covers_family",
            "periodicity",
            "months",
            "documents",
            "time_target",
            "time_unit",
            "is_active",
            "current_version",
            "draft",
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current_version(self, benefit: Benefit):
        version = self.context.get("current", {}).get(benefit.pk)
        return VersionSerializer(version).data if version else None

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_draft(self, benefit: Benefit):
        version = self.context.get("drafts", {}).get(benefit.pk)
        return VersionSerializer(version).data if version else None


def _departments():
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)


class BenefitInputSerializer(serializers.Serializer):
    """The benefit's terms, and (optional) its draft: rule, amount, conditions, date, note."""

    policy = RefField(queryset=Policy.objects.all())
    code = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=100)
    summary = serializers.CharField(required=False, allow_blank=True)
    audience = serializers.CharField(max_length=100, required=False, allow_blank=True)
    owning_department = RefField(queryset=_departments())
    paying_department = RefField(queryset=_departments(), required=False, allow_null=True)
    exclusivity_group = serializers.SlugField(max_length=50, required=False, allow_blank=True)
    no_application = serializers.BooleanField(required=False)
    covers_family = serializers.BooleanField(required=False)
    periodicity = serializers.ChoiceField(
        choices=Benefit._meta.get_field("periodicity").choices, required=False
    )
    months = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    documents = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    time_target = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    time_unit = serializers.ChoiceField(
        choices=Benefit._meta.get_field("time_unit").choices, required=False
    )
    is_active = serializers.BooleanField(required=False)
    rule = serializers.JSONField(
        required=False, help_text=_("The eligibility rule (JSON); edits the draft.")
    )
    amount = serializers.JSONField(
        required=False, help_text=_("The amount spec (JSON); edits the draft.")
    )
    to_confirm = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    effective_from = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    DRAFT_FIELDS = ("rule", "amount", "to_confirm", "effective_from", "note")

    def split(self) -> tuple[dict, dict]:
        """(terms of the benefit, fields of the draft) from the validated data."""
        data = dict(self.validated_data)
        draft = {k: data.pop(k) for k in self.DRAFT_FIELDS if k in data}
        return data, draft


class PublishSerializer(serializers.Serializer):
    effective_from = serializers.DateField(
        required=False, help_text=_("Defaults to the draft's effective date.")
    )


class TalentRefField(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VersionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitVersion
        fields = ["id", "number", "effective_from"]


class EntitlementSerializer(serializers.ModelSerializer):
    talent = TalentRefField(read_only=True)
    benefit = BenefitRefSerializer(read_only=True)
    version = VersionRefSerializer(read_only=True)
    amount = YuanField(source="amount_fen", read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "talent",
            "benefit",
            "version",
            "exclusivity_group",
            "state",
            "state_label",
            "source",
            "amount",
            "granted_on",
            "ended_on",
            "note",
            "created_at",
            "updated_at",
        ]


class EntitlementInputSerializer(serializers.Serializer):
    talent = IdField(help_text=_("The talent's id (one you may see)."))
    benefit = RefField(queryset=Benefit.objects.all())
    state = serializers.ChoiceField(choices=EntitlementState.choices, required=False)
    amount = YuanField(required=False, allow_null=True)
    granted_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TransitionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=EntitlementState.choices, help_text=_("The state to move to.")
    )
    on = serializers.DateField(required=False, help_text=_("Defaults to today."))
    amount = YuanField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class EntitlementQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=EntitlementState.choices, required=False)
    benefit = serializers.CharField(required=False, help_text=_("A benefit code."))
    talent = IdField(required=False)
