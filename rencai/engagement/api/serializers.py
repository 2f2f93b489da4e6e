"""Engagement API shapes. Input serializers check shape only (services hold the rules); output
serializers render names only — no identity numbers, no mobiles (ROLES.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rencai.core.api.fields import IdField, RefField
from rencai.core.api.serializers import OrganisationRefSerializer
from rencai.core.choices import OrganisationKind
from rencai.core.models import Organisation

from .. import permissions
from ..choices import ContactKind, RequestCategory, RequestState, Satisfaction
from ..models import ContactLog, ContactPairing, FiveOnesTick, RequestEvent, TalentRequest

DEPARTMENTS = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)


class TalentNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LeaderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class FiveOnesTickSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    item_label = serializers.CharField(source="item.label", read_only=True)

    class Meta:
        model = FiveOnesTick
        fields = ["item", "item_label", "done_on", "note"]


class ContactPairingSerializer(serializers.ModelSerializer):
    leader = LeaderRefSerializer(read_only=True)
    talent = TalentNameSerializer(read_only=True)

    class Meta:
        model = ContactPairing
        fields = ["id", "year", "leader", "talent", "note", "created_at"]


class ContactPairingDetailSerializer(ContactPairingSerializer):
    ticks = FiveOnesTickSerializer(many=True, read_only=True)

    class Meta(ContactPairingSerializer.Meta):
        fields = [*ContactPairingSerializer.Meta.fields, "ticks"]


class PairingCreateSerializer(serializers.Serializer):
    leader = IdField(help_text=_("A user holding the contact-leader role."))
    talent = IdField(help_text=_("A high-level talent."))
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class PairingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class FiveOnesTickCreateSerializer(serializers.Serializer):
    item = serializers.SlugField(max_length=30, help_text=_("The code of a checklist item."))
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ContactLogSerializer(serializers.ModelSerializer):
    pairing = serializers.IntegerField(source="pairing_id", read_only=True)
    talent = TalentNameSerializer(source="pairing.talent", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ContactLog
        fields = ["id", "pairing", "talent", "kind", "kind_label", "happened_on", "summary"]


class ContactLogCreateSerializer(serializers.Serializer):
    pairing = IdField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=500)


class RequestSerializer(serializers.ModelSerializer):
    talent = TalentNameSerializer(read_only=True)
    department = OrganisationRefSerializer(read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = TalentRequest
        fields = [
            "id",
            "talent",
            "category",
            "title",
            "channel",
            "state",
            "state_label",
            "department",
            "target_working_days",
            "raised_at",
            "assigned_at",
            "response_due_on",
            "resolution_due_on",
            "responded_at",
            "answered_at",
            "due_on",
            "satisfaction",
            "resolved",
            "feedback_at",
            "reopen_count",
            "closed_at",
            "excluded",
        ]


class RequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.__str__", read_only=True, allow_null=True)

    class Meta:
        model = RequestEvent
        fields = ["from_state", "to_state", "actor", "note", "created_at"]


class RequestDetailSerializer(RequestSerializer):
    events = RequestEventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(
        help_text=_("The transitions the caller may take now.")
    )

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "description",
            "answer",
            "feedback_comment",
            "exclusion_reason",
            "events",
            "actions",
        ]

    def get_actions(self, request) -> list[str]:
        http = self.context.get("request")
        return permissions.allowed_actions(http.user, request) if http else []


class RequestQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=RequestState.choices, required=False)
    department = IdField(required=False)
    category = serializers.ChoiceField(choices=RequestCategory.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    talent = IdField(required=False)


class RequestCreateSerializer(serializers.Serializer):
    talent = IdField(
        required=False, help_text=_("The talent (a talent raising their own leaves it out).")
    )
    category = serializers.ChoiceField(choices=RequestCategory.choices)
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default=""
    )
    department = RefField(queryset=DEPARTMENTS, required=False, allow_null=True, default=None)
    target_working_days = serializers.IntegerField(
        min_value=1, max_value=60, required=False, allow_null=True, default=None
    )


class RequestNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class RequestAssignSerializer(RequestNoteSerializer):
    department = RefField(queryset=DEPARTMENTS)
    target_working_days = serializers.IntegerField(
        min_value=1, max_value=60, required=False, allow_null=True, default=None
    )


class RequestAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000)


class RequestFeedbackSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    resolved = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class RequestExcludeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
