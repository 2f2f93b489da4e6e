"""Campaign API serializers: campaigns, actions with their units, targets (indicators) and a
campaign's progress on a day. Values are in the indicator's unit (fen for money, ‰ for a
ratio) as integers."""

from __future__ import annotations

from rest_framework import serializers

from ..models import (
    Action,
    Assessment,
    Bulletin,
    Campaign,
    Indicator,
    Milestone,
    Rectification,
    SupervisionVisit,
    Unit,
)


class CampaignSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.name")

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "theme",
            "starts_on",
            "ends_on",
            "organiser",
            "reminder_every",
            "reminder_day_count",
            "green_from",
            "amber_from",
        ]


class UnitSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__")
    organisation = serializers.IntegerField(
        source="organisation_id", allow_null=True, read_only=True
    )
    division = serializers.CharField(source="division.code", allow_null=True, read_only=True)
    has_plan = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "name", "organisation", "division", "has_plan"]

    def get_has_plan(self, unit: Unit) -> bool:
        return bool(unit.plan)


class ActionSerializer(serializers.ModelSerializer):
    lead = serializers.CharField(source="lead_name")
    units = UnitSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = ["id", "number", "kind", "name", "description", "lead", "is_illustrative", "units"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["due_on", "target"]


class TargetSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="unit.action.campaign_id")
    action = serializers.IntegerField(source="unit.action.number")
    unit = serializers.CharField(source="unit.__str__")
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "campaign",
            "action",
            "unit",
            "name",
            "kind",
            "figure",
            "target",
            "weight",
            "milestones",
        ]


class IndicatorProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    action = serializers.IntegerField(source="indicator.unit.action.number")
    unit = serializers.CharField(source="indicator.unit.__str__")
    name = serializers.CharField(source="indicator.name")
    kind = serializers.CharField(source="indicator.kind")
    value = serializers.IntegerField(allow_null=True)
    expected = serializers.IntegerField()
    target = serializers.IntegerField(source="indicator.target")
    pace = serializers.ChoiceField(choices=["green", "amber", "red"])
    by_hand = serializers.BooleanField()
    missed = serializers.SerializerMethodField()

    def get_missed(self, progress) -> list[str]:
        return [m.due_on.isoformat() for m in progress.missed]


class ProgressSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    elapsed_share = serializers.DecimalField(max_digits=5, decimal_places=4, source="share")
    green = serializers.IntegerField()
    amber = serializers.IntegerField()
    red = serializers.IntegerField()
    indicators = IndicatorProgressSerializer(many=True)


class BulletinSerializer(serializers.ModelSerializer):
    figures = serializers.JSONField(source="snapshot")

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "number",
            "period_start",
            "period_end",
            "issued_at",
            "issuing_office",
            "figures",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    scores = serializers.JSONField(source="rows")

    class Meta:
        model = Assessment
        fields = ["id", "period_start", "period_end", "issued_at", "scheme", "scores"]


class RectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rectification
        fields = ["id", "description", "owner", "due_on", "done_on", "done_note"]


class SupervisionVisitSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="group.campaign_id")
    group = serializers.CharField(source="group.name")
    unit = serializers.CharField(source="visited.__str__")
    rectifications = RectificationSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = ["id", "campaign", "group", "unit", "visited_on", "findings", "rectifications"]
