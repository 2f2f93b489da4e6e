"""The events API's serializers. Registrations show a talent by name only; picks appear only
in the chooser's own answers; matches only to their two sides."""

from __future__ import annotations

from rest_framework import serializers

from rencai.core.api.fields import IdField
from rencai.core.masking import mask_mobile

from ..choices import CheckInMethod, EventKind
from ..models import CheckIn, Event, Registration


class EventItemSerializer(serializers.ModelSerializer):
    organiser_name = serializers.CharField(source="organiser.name", read_only=True, default="")
    division_name = serializers.CharField(source="division.name", read_only=True)
    places_left = serializers.IntegerField(read_only=True)
    picks_closed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "organiser",
            "organiser_name",
            "division",
            "division_name",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "places_taken",
            "places_left",
            "audience_rule",
            "status",
            "pick_limit",
            "offer_hours",
            "picks_closed",
            "picks_closed_at",
            "published_at",
        ]
        read_only_fields = fields


class EventCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    organiser = IdField(required=False, allow_null=True)
    division = IdField()
    place = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=100_000)
    audience_rule = serializers.JSONField(required=False)
    pick_limit = serializers.IntegerField(min_value=1, max_value=20, required=False)
    offer_hours = serializers.IntegerField(min_value=1, max_value=336, required=False)


class EventTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["publish", "cancel", "close", "close_picks"])


class EventAudienceSerializer(serializers.Serializer):
    admitted = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class EventRegistrationSerializer(serializers.ModelSerializer):
    talent_name = serializers.CharField(source="talent.name", read_only=True)
    mobile = serializers.SerializerMethodField()
    checked_in_at = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "talent",
            "talent_name",
            "mobile",
            "status",
            "source",
            "waitlist_position",
            "offer_expires_at",
            "code",
            "checked_in_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_mobile(self, obj) -> str:
        return mask_mobile(obj.talent.mobile)

    def get_checked_in_at(self, obj) -> str | None:
        check_in = getattr(obj, "check_in", None)
        return check_in.scanned_at.isoformat() if check_in else None


class EventRegisterSerializer(serializers.Serializer):
    talent = IdField(required=False, help_text="Organisers: the talent to register.")


class CheckInScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)
    scan_id = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField(required=False)
    method = serializers.ChoiceField(choices=CheckInMethod.choices, required=False)


class CheckInBatchSerializer(serializers.Serializer):
    scans = CheckInScanSerializer(many=True, allow_empty=False, max_length=500)


class CheckInScanResultSerializer(serializers.Serializer):
    scan_id = serializers.CharField()
    ok = serializers.BooleanField()
    repeated = serializers.BooleanField()
    check_in = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class CheckInBatchResultSerializer(serializers.Serializer):
    """The answer to a batch: one result per scan, in the order sent (not a page: a batch's
    answer cannot be fetched again)."""

    results = CheckInScanResultSerializer(many=True)


class EventCheckInSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="registration.code", read_only=True)
    talent_name = serializers.CharField(source="registration.talent.name", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "registration", "code", "talent_name", "scan_id", "method"]
        fields += ["scanned_at", "uploaded_at"]
        read_only_fields = fields


class MixerParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MixerPicksSerializer(serializers.Serializer):
    pick_limit = serializers.IntegerField()
    closed = serializers.BooleanField()
    chosen = serializers.ListField(child=serializers.IntegerField())
    participants = MixerParticipantSerializer(many=True)


class MixerPicksInSerializer(serializers.Serializer):
    chosen = serializers.ListField(child=IdField(), max_length=20)


class MixerMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    i_consented = serializers.BooleanField()
    they_consented = serializers.BooleanField()
    mobile = serializers.CharField(allow_blank=True)


class MatchConsentSerializer(serializers.Serializer):
    match = IdField()
