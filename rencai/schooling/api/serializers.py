"""Schooling API shapes. Input serializers check shape only (services hold the rules); output
serializers render names only — no identity numbers, no birth dates (ROLES.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rencai.core.api.fields import IdField, RefField
from rencai.core.api.serializers import DivisionRefSerializer, OrganisationRefSerializer
from rencai.core.choices import OrganisationKind
from rencai.core.models import Organisation

from .. import permissions
from ..choices import EnrolmentState, Stage
from ..models import EnrolmentCase, EnrolmentEvent

SCHOOLS = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EnrolmentSerializer(serializers.ModelSerializer):
    """A case as listed: whose child, which stage, where it stands, its dates."""

    talent = NamedSerializer(read_only=True)
    child = NamedSerializer(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    education_office = OrganisationRefSerializer(read_only=True)
    county = DivisionRefSerializer(read_only=True)
    assigned_school = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EnrolmentCase
        fields = [
            "id",
            "talent",
            "child",
            "stage",
            "stage_label",
            "school_year",
            "state",
            "state_label",
            "education_office",
            "county",
            "assigned_school",
            "requested_at",
            "reviewed_at",
            "assigned_at",
            "enrolled_on",
            "closed_at",
            "due_on",
            "placement_due_on",
            "reason",
        ]


class EnrolmentEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.__str__", read_only=True, allow_null=True)

    class Meta:
        model = EnrolmentEvent
        fields = ["from_state", "to_state", "actor", "note", "created_at"]


class EnrolmentDetailSerializer(EnrolmentSerializer):
    """One case with its preferred schools, history and the actions the caller may take."""

    preferred_schools = OrganisationRefSerializer(many=True, read_only=True)
    events = EnrolmentEventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(
        help_text=_("The transitions the caller may take now.")
    )

    class Meta(EnrolmentSerializer.Meta):
        fields = [
            *EnrolmentSerializer.Meta.fields,
            "preferred_schools",
            "note",
            "events",
            "actions",
        ]

    def get_actions(self, case) -> list[str]:
        request = self.context.get("request")
        return permissions.allowed_actions(request.user, case) if request else []


class EnrolmentQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=EnrolmentState.choices, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    county = IdField(required=False)
    school = IdField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class EnrolmentCreateSerializer(serializers.Serializer):
    child = IdField(help_text=_("A child in the talent's family."))
    stage = serializers.ChoiceField(choices=Stage.choices)
    school_year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    preferred_schools = serializers.ListField(
        child=RefField(queryset=SCHOOLS), required=False, max_length=3, default=list
    )
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=20, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class EnrolmentNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class AssignSchoolSerializer(EnrolmentNoteSerializer):
    school = RefField(queryset=SCHOOLS)


class EnrolChildSerializer(EnrolmentNoteSerializer):
    enrolled_on = serializers.DateField(required=False, allow_null=True, default=None)


class NotPlacedSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
