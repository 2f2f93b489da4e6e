"""The medical API's serializers: input validates, output renders. Talents appear by name
only (no identity number, no mobile); health records carry no medical content."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core.api.fields import IdField

from ..choices import AppointmentStatus, SlotKind
from ..models import Appointment, HealthRecord, Hospital, Slot


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00"})
class ClockTimeField(serializers.TimeField):
    """A time of day in the city, "09:00" (no time zone: slots are local times)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)


class HospitalSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)
    division = serializers.CharField(source="organisation.division.name", read_only=True)

    class Meta:
        model = Hospital
        fields = ["id", "name", "division", "address", "phone", "cancel_cutoff_hours"]
        read_only_fields = fields


class HospitalCutoffSerializer(serializers.Serializer):
    cancel_cutoff_hours = serializers.IntegerField(min_value=0, max_value=336)


class SlotSerializer(serializers.ModelSerializer):
    hospital_name = serializers.CharField(source="hospital.organisation.name", read_only=True)
    benefit = serializers.CharField(source="benefit.code", read_only=True)
    places_left = serializers.IntegerField(read_only=True)
    start_time = ClockTimeField(read_only=True)
    end_time = ClockTimeField(read_only=True)

    class Meta:
        model = Slot
        fields = [
            "id",
            "hospital",
            "hospital_name",
            "benefit",
            "kind",
            "service",
            "date",
            "start_time",
            "end_time",
            "capacity",
            "booked",
            "places_left",
            "status",
            "series",
        ]
        read_only_fields = fields


class SlotCreateSerializer(serializers.Serializer):
    hospital = IdField()
    kind = serializers.ChoiceField(choices=SlotKind.choices, default=SlotKind.VISIT)
    service = serializers.CharField(max_length=60)
    date = serializers.DateField()
    start_time = ClockTimeField()
    end_time = ClockTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=200)


class WeeklySlotsSerializer(serializers.Serializer):
    hospital = IdField()
    kind = serializers.ChoiceField(choices=SlotKind.choices, default=SlotKind.VISIT)
    service = serializers.CharField(max_length=60)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), min_length=1, max_length=7
    )
    first_date = serializers.DateField()
    last_date = serializers.DateField()
    start_time = ClockTimeField()
    end_time = ClockTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=200)


class AppointmentSerializer(serializers.ModelSerializer):
    talent_name = serializers.CharField(source="talent.name", read_only=True)
    beneficiary_name = serializers.CharField(read_only=True)
    slot = SlotSerializer(read_only=True)
    hospital_name = serializers.CharField(source="hospital.organisation.name", read_only=True)
    accompanied_by = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "slot",
            "hospital",
            "hospital_name",
            "talent",
            "talent_name",
            "beneficiary",
            "beneficiary_name",
            "status",
            "checked_in_at",
            "accompanied_by",
            "accompanied_at",
            "completed_at",
            "ended_at",
            "cancel_reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_accompanied_by(self, appointment) -> str:
        """The accompanying liaison's name ("" until one is named)."""
        return str(appointment.accompanied_by) if appointment.accompanied_by_id else ""


class AppointmentCreateSerializer(serializers.Serializer):
    slot = IdField()
    talent = IdField(required=False, help_text="Default: yourself.")
    beneficiary = IdField(required=False, allow_null=True)


class SlotQuerySerializer(serializers.Serializer):
    hospital = IdField(required=False)


class AppointmentQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=AppointmentStatus.choices, required=False)
    hospital = IdField(required=False)


class SlotWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class AppointmentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AppointmentRescheduleSerializer(serializers.Serializer):
    slot = IdField()


class AppointmentStepSerializer(serializers.Serializer):
    pass


class HealthRecordSerializer(serializers.ModelSerializer):
    talent_name = serializers.CharField(source="talent.name", read_only=True)
    hospital_name = serializers.CharField(source="hospital.organisation.name", read_only=True)
    checkup_dates = serializers.SerializerMethodField()

    class Meta:
        model = HealthRecord
        fields = [
            "id",
            "hospital",
            "hospital_name",
            "talent",
            "talent_name",
            "opened_on",
            "checkup_dates",
        ]
        read_only_fields = fields

    def get_checkup_dates(self, record) -> list[str]:
        return [c.date.isoformat() for c in record.checkups.all()]


class HealthRecordCreateSerializer(serializers.Serializer):
    talent = IdField()
    hospital = IdField()
    opened_on = serializers.DateField(required=False)


class HealthRecordCheckupSerializer(serializers.Serializer):
    date = serializers.DateField()
