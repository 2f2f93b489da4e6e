"""The job fairs API's serializers: input validates, output renders. Seekers appear by name
only (no identity number, no mobile); money is yuan with two decimals."""

from __future__ import annotations

from rest_framework import serializers

from rencai.core.api.fields import IdField, YuanField

from ..choices import Side
from ..models import EmploymentIntent, FairEnterprise, Position

MAX_YUAN_SALARY = 21_474_836  # what a PositiveIntegerField of fen holds


class FairEnterpriseSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = FairEnterprise
        fields = ["id", "fair", "organisation", "name", "booth"]
        read_only_fields = fields


class FairEnterpriseCreateSerializer(serializers.Serializer):
    fair = IdField()
    organisation = IdField()
    booth = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class PositionSerializer(serializers.ModelSerializer):
    fair = serializers.IntegerField(source="participant.fair_id", read_only=True)
    enterprise = serializers.IntegerField(source="participant.organisation_id", read_only=True)
    enterprise_name = serializers.CharField(source="participant.organisation.name", read_only=True)
    salary_min = YuanField(source="salary_min_fen", read_only=True, allow_null=True)
    salary_max = YuanField(source="salary_max_fen", read_only=True, allow_null=True)
    degree_name = serializers.CharField(
        source="degree.name", read_only=True, default=None, allow_null=True
    )
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "fair",
            "participant",
            "enterprise",
            "enterprise_name",
            "title",
            "headcount",
            "salary_min",
            "salary_max",
            "degree",
            "degree_name",
            "county",
            "county_name",
            "description",
            "is_open",
        ]
        read_only_fields = fields


class PositionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    headcount = serializers.IntegerField(min_value=1, max_value=1000)
    salary_min = YuanField(required=False, allow_null=True, default=None)
    salary_max = YuanField(required=False, allow_null=True, default=None)
    degree = IdField(required=False, allow_null=True, default=None)
    county = IdField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class PositionCreateSerializer(PositionWriteSerializer):
    participant = IdField()


class PositionUpdateSerializer(PositionWriteSerializer):
    title = serializers.CharField(max_length=100, required=False)
    headcount = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    is_open = serializers.BooleanField(required=False)


class PositionQuerySerializer(serializers.Serializer):
    fair = IdField(required=False)
    enterprise = IdField(required=False)
    degree = IdField(required=False)
    county = IdField(required=False)


class EmploymentIntentSerializer(serializers.ModelSerializer):
    seeker_name = serializers.CharField(source="talent.name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)
    enterprise_name = serializers.CharField(
        source="position.participant.organisation.name", read_only=True
    )
    seeker_confirmed = serializers.SerializerMethodField()
    enterprise_confirmed = serializers.SerializerMethodField()

    class Meta:
        model = EmploymentIntent
        fields = [
            "id",
            "position",
            "position_title",
            "enterprise_name",
            "seeker_name",
            "proposed_by_side",
            "status",
            "seeker_confirmed",
            "seeker_confirmed_at_desk",
            "enterprise_confirmed",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_seeker_confirmed(self, intent) -> bool:
        return intent.seeker_confirmed_at is not None

    def get_enterprise_confirmed(self, intent) -> bool:
        return intent.enterprise_confirmed_at is not None


class EmploymentIntentCreateSerializer(serializers.Serializer):
    """A talent proposes for themself (no `registration`); an enterprise contact proposes to a
    seeker registered at the fair, named by the registration's id; the organiser records a
    walk-in's confirmation with `at_desk`."""

    position = IdField()
    registration = IdField(required=False, allow_null=True, default=None)
    at_desk = serializers.BooleanField(required=False, default=False)


class IntentSideSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=Side.choices, required=False, allow_null=True)
