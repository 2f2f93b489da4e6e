"""Housing API serializers: output as rendered, input as validated; money as yuan strings."""

from __future__ import annotations

from rest_framework import serializers

from rencai.core.money import fen_to_yuan

from ..choices import InspectionResult, RentShare, UnitState
from ..models import HousingApplication, Offer, Tenancy, Unit


class Yuan(serializers.DecimalField):
    """Fen in the database, yuan with two places at the edge."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(fen_to_yuan(value))


class ApartmentSerializer(serializers.ModelSerializer):
    building = serializers.CharField(source="building.name")
    address = serializers.CharField(source="building.address")
    county = serializers.CharField(source="building.county.name")
    county_id = serializers.IntegerField(source="building.county_id")
    rent_or_buy = serializers.BooleanField(source="building.rent_or_buy")
    monthly_rent = Yuan(source="monthly_rent_fen")
    talent_rent = Yuan(source="talent_rent_fen")

    class Meta:
        model = Unit
        fields = [
            "id",
            "building",
            "address",
            "county",
            "county_id",
            "number",
            "rooms",
            "floor_area",
            "furnished",
            "state",
            "fit_out_started_on",
            "monthly_rent",
            "rent_share",
            "talent_rent",
            "rent_or_buy",
        ]
        read_only_fields = fields


class ApartmentCreateSerializer(serializers.Serializer):
    building = serializers.IntegerField()
    number = serializers.CharField(max_length=20)
    rooms = serializers.IntegerField(min_value=1, max_value=10)
    floor_area = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=1)
    furnished = serializers.BooleanField(default=True)
    monthly_rent = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    rent_share = serializers.ChoiceField(choices=RentShare.choices)
    talent_rent = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    fit_out_started_on = serializers.DateField()


class UnitStateInputSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=[UnitState.READY, UnitState.UNDER_REPAIR])
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class OfferSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.__str__")

    class Meta:
        model = Offer
        fields = [
            "id",
            "unit",
            "unit_id",
            "round_id",
            "offered_on",
            "deadline",
            "state",
            "answered_on",
            "reason",
        ]
        read_only_fields = fields


class HousingApplicationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    talent_name = serializers.CharField(source="talent.name")
    county = serializers.CharField(source="county.name")

    class Meta:
        model = HousingApplication
        fields = [
            "id",
            "reference",
            "talent_id",
            "talent_name",
            "county_id",
            "county",
            "household_size",
            "applied_on",
            "state",
            "refusals",
            "left_list_on",
            "inputs",
        ]
        read_only_fields = fields


class HousingApplicationCreateSerializer(serializers.Serializer):
    talent = serializers.IntegerField(
        required=False, help_text="The talent (officers); a talent applies for themself."
    )
    county = serializers.IntegerField()
    household_size = serializers.IntegerField(min_value=1, max_value=20)
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=20,
        required=False,
        help_text="The benefit's conditions to confirm that the applicant declares.",
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PlaceSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    total = serializers.IntegerField()
    keys = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(allow_null=True)
    round_id = serializers.IntegerField(allow_null=True)


class StandingSerializer(serializers.Serializer):
    today = PlaceSerializer(allow_null=True)
    frozen = PlaceSerializer(allow_null=True)


class TenancySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.__str__")
    talent_name = serializers.CharField(source="talent.name")
    monthly_rent = Yuan(source="monthly_rent_fen")
    talent_rent = Yuan(source="talent_rent_fen")
    deposit = Yuan(source="deposit_fen")
    inspection_result = serializers.CharField(
        help_text="good, repair, or empty while the tenancy runs"
    )

    class Meta:
        model = Tenancy
        fields = [
            "id",
            "unit",
            "unit_id",
            "talent_id",
            "talent_name",
            "application_id",
            "state",
            "starts_on",
            "ends_on",
            "ended_on",
            "moved_in_on",
            "monthly_rent",
            "talent_rent",
            "deposit",
            "checklist",
            "inspection_result",
            "inspection_note",
            "buy_option_from",
            "buy_option_terms",
        ]
        read_only_fields = fields


class MoveOutSerializer(serializers.Serializer):
    inspection_result = serializers.ChoiceField(choices=InspectionResult.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True)


class RenewSerializer(serializers.Serializer):
    ends_on = serializers.DateField()


class MoveInSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.CharField(max_length=30), max_length=20)
