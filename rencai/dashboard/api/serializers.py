"""Open statistics' answers, for the OpenAPI schema: a cell is a value or null (withheld)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core.figures import Kind, Measure, Unit

from ..stats.published import PERIOD_KINDS


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "nullable": True,
        "description": "A count or a median (integer); yuan or a ratio (decimal string); "
        "null when withheld.",
    }
)
class StatisticValueField(serializers.Field):
    def to_representation(self, value):
        return value


class StatisticCellSerializer(serializers.Serializer):
    value = StatisticValueField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True, help_text=_("Ratios only."))
    denominator = serializers.IntegerField(allow_null=True, help_text=_("Ratios only."))
    suppressed = serializers.BooleanField(
        help_text=_("Withheld: too few records, or it could be recomputed from the others.")
    )


class StatisticRowSerializer(StatisticCellSerializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()


class StatisticPeriodSerializer(serializers.Serializer):
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class StatisticCountySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class StatisticSerializer(serializers.Serializer):
    figure = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    period = StatisticPeriodSerializer()
    county = StatisticCountySerializer(allow_null=True)
    breakdown = serializers.CharField(allow_null=True)
    threshold = serializers.IntegerField()
    total = StatisticCellSerializer()
    rows = StatisticRowSerializer(many=True)


class PublishedFigureSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    measure = serializers.ChoiceField(choices=Measure.choices)
    attribution = serializers.CharField()
    period = serializers.ChoiceField(choices=[(k, k) for k in PERIOD_KINDS])
    breakdowns = serializers.ListField(child=serializers.CharField())


class CatalogueSerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    results = PublishedFigureSerializer(many=True)
