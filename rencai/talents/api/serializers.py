"""Talent API shapes. Input serializers check shape only (services hold the rules); output
serializers render, with identity numbers and mobiles masked unless explicitly revealed.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core import clock
from rencai.core.api.fields import IdField, RefField
from rencai.core.api.serializers import DivisionRefSerializer, OrganisationRefSerializer
from rencai.core.masking import mask_id_number, mask_mobile
from rencai.core.models import Division, Organisation

from ..choices import CardKind, CardStatus, ChucaiLevel, IdType, Sex
from ..models import Degree, FamilyMember, Tag, Talent, TalentCard, Tier, Title
from ..permissions import can_see_birth_date
from ..services.cards import verification_url

# --- output -------------------------------------------------------------------------------


class CodeNameSerializer(serializers.Serializer):
    """A catalogue entry (tier, degree, title, tag): its stable code and its name."""

    code = serializers.CharField()
    name = serializers.CharField()


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class _ActorContext:
    """Per-request facts the talent serializers share: who asks, today, what was revealed."""

    @property
    def actor(self):
        return self.context["request"].user

    @property
    def today(self) -> date:
        return self.context.setdefault("today", clock.today())

    def may_see_birth_date(self, talent: Talent) -> bool:
        cache = self.context.setdefault("birth_date_visible", {})
        if talent.pk not in cache:
            cache[talent.pk] = can_see_birth_date(self.actor, talent)
        return cache[talent.pk]


class FamilyMemberSerializer(_ActorContext, serializers.ModelSerializer):
    relation_label = serializers.CharField(source="get_relation_display", read_only=True)
    birth_date = serializers.SerializerMethodField()
    age = serializers.SerializerMethodField()

    class Meta:
        model = FamilyMember
        fields = ["id", "relation", "relation_label", "name", "birth_date", "age", "sex"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, member: FamilyMember):
        if member.birth_date and self.may_see_birth_date(member.talent):
            return member.birth_date.isoformat()
        return None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_age(self, member: FamilyMember) -> int | None:
        return _age(member.birth_date, self.today) if member.birth_date else None


class CardSummarySerializer(_ActorContext, serializers.ModelSerializer):
    """A card as listed on its talent: kind, number, dates, valid today or not."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    valid = serializers.SerializerMethodField()

    class Meta:
        model = TalentCard
        fields = ["id", "kind", "kind_label", "level", "number", "valid_from", "valid_to", "valid"]

    def get_valid(self, card: TalentCard) -> bool:
        return card.is_valid_on(self.today)


class TalentSerializer(_ActorContext, serializers.ModelSerializer):
    """A talent as the caller may see them.

    `id_number` and `mobile` are masked unless the request revealed them (`?reveal=id`).
    Callers whose role may not see full numbers get `birth_date` and `sex` as null (and `age`).
    """

    id_type_label = serializers.CharField(source="get_id_type_display", read_only=True)
    id_number = serializers.SerializerMethodField()
    mobile = serializers.SerializerMethodField()
    birth_date = serializers.SerializerMethodField()
    age = serializers.SerializerMethodField()
    sex = serializers.SerializerMethodField()
    county = DivisionRefSerializer(read_only=True)
    degree = CodeNameSerializer(read_only=True, allow_null=True)
    title = CodeNameSerializer(read_only=True, allow_null=True)
    tier = CodeNameSerializer(read_only=True, allow_null=True)
    tags = CodeNameSerializer(many=True, read_only=True)
    employer = OrganisationRefSerializer(read_only=True, allow_null=True)
    family = FamilyMemberSerializer(many=True, read_only=True)
    cards = CardSummarySerializer(
        many=True, read_only=True, source="active_cards", help_text=_("Active cards.")
    )
    revealed = serializers.SerializerMethodField()

    class Meta:
        model = Talent
        fields = [
            "id",
            "name",
            "id_type",
            "id_type_label",
            "id_number",
            "id_country",
            "mobile",
            "birth_date",
            "age",
            "sex",
            "revealed",
            "county",
            "degree",
            "school",
            "major",
            "graduation_date",
            "title",
            "employer",
            "tier",
            "tags",
            "arrival_date",
            "family",
            "cards",
            "created_at",
            "updated_at",
        ]

    def _revealed(self, talent: Talent):
        return self.context.get("revealed", {}).get(talent.pk)

    def get_revealed(self, talent: Talent) -> bool:
        return self._revealed(talent) is not None

    def get_id_number(self, talent: Talent) -> str:
        revealed = self._revealed(talent)
        return revealed.id_number if revealed else mask_id_number(talent.id_number)

    def get_mobile(self, talent: Talent) -> str:
        revealed = self._revealed(talent)
        return revealed.mobile if revealed else mask_mobile(talent.mobile)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, talent: Talent):
        return talent.birth_date.isoformat() if self.may_see_birth_date(talent) else None

    def get_age(self, talent: Talent) -> int:
        return _age(talent.birth_date, self.today)

    @extend_schema_field(serializers.ChoiceField(choices=Sex.choices, allow_null=True))
    def get_sex(self, talent: Talent):
        return (talent.sex or None) if self.may_see_birth_date(talent) else None


class TalentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Talent
        fields = ["id", "name"]


class CardSerializer(CardSummarySerializer):
    """A card record in full, with the address its QR code encodes."""

    talent = TalentRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = TalentCard
        fields = [
            "id",
            "talent",
            "kind",
            "kind_label",
            "level",
            "number",
            "valid_from",
            "valid_to",
            "status",
            "status_label",
            "valid",
            "renewed_from",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "verification_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_verification_url(self, card: TalentCard) -> str:
        return verification_url(card)


class CardVerificationSerializer(serializers.Serializer):
    """All a scanned QR code reveals: a masked name, the card kind, valid today or not."""

    masked_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CardKind.choices)
    kind_label = serializers.CharField()
    valid = serializers.BooleanField()


# --- input --------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "The division's id."},
            {"type": "string", "pattern": r"^\d{6}$", "description": "The division's code."},
        ]
    }
)
class DivisionField(serializers.RelatedField):
    """A division by id (a JSON number) or by its six-digit code (a string, e.g. "421182")."""

    default_error_messages = {
        "does_not_exist": _("No division with this id or code."),
        "invalid": _("Give a division id (a number) or a six-digit division code."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Division.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            lookup = {"pk": data}
        elif isinstance(data, str) and data.strip().isdigit():
            value = data.strip()
            lookup = {"code": value} if len(value) == 6 else {"pk": int(value)}
        else:
            self.fail("invalid")
        try:
            return self.get_queryset().get(**lookup)
        except Division.DoesNotExist:
            self.fail("does_not_exist")

    def to_representation(self, value):
        return value.pk


def _by_code(model, **kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=model.objects.all(), **kwargs)


class TalentInputSerializer(serializers.Serializer):
    """A talent's fields as sent by a client; the registry service checks the rules."""

    name = serializers.CharField(max_length=50)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=30)
    id_country = serializers.CharField(max_length=50, required=False, allow_blank=True)
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Only for documents without a birth date in the number (passports …)."),
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    mobile = serializers.CharField(max_length=20)
    county = DivisionField(help_text=_("The county: its id, or its six-digit code."))
    degree = _by_code(Degree, required=False, allow_null=True)
    school = serializers.CharField(max_length=100, required=False, allow_blank=True)
    major = serializers.CharField(max_length=100, required=False, allow_blank=True)
    graduation_date = serializers.DateField(required=False, allow_null=True)
    title = _by_code(Title, required=False, allow_null=True)
    employer = RefField(queryset=Organisation.objects.all(), required=False, allow_null=True)
    tier = _by_code(Tier, required=False, allow_null=True)
    tags = _by_code(Tag, many=True, required=False)
    arrival_date = serializers.DateField(required=False, allow_null=True)


class TalentQuerySerializer(serializers.Serializer):
    """The registry's filters, all optional, applied together."""

    name = serializers.CharField(
        required=False, max_length=50, help_text=_("Part of the name, its pinyin or its initials.")
    )
    id_number = serializers.CharField(required=False, max_length=30, help_text=_("Exact."))
    mobile = serializers.CharField(required=False, max_length=20, help_text=_("Exact."))
    employer = IdField(required=False, help_text=_("Organisation id."))
    county = IdField(required=False, help_text=_("Division id."))
    tier = serializers.CharField(
        required=False, max_length=30, help_text=_("Tier code, or none for talents without one.")
    )
    degree = serializers.CharField(required=False, max_length=30, help_text=_("Degree code."))
    tag = serializers.CharField(required=False, max_length=30, help_text=_("Tag code."))
    has_card = serializers.ChoiceField(
        choices=CardKind.choices, required=False, help_text=_("Holds an active card of kind.")
    )


class TalentDetailQuerySerializer(serializers.Serializer):
    reveal = serializers.ChoiceField(
        choices=[("id", "id")],
        required=False,
        help_text=_("id: show the full identity number and mobile (audited)."),
    )


class CardInputSerializer(serializers.Serializer):
    """Issue a green card (number assigned) or record a Chucai card (number and level given)."""

    talent = IdField(help_text=_("The talent's id."))
    kind = serializers.ChoiceField(choices=CardKind.choices)
    number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text=_("Chucai cards only.")
    )
    level = serializers.ChoiceField(
        choices=ChucaiLevel.choices, required=False, allow_blank=True, help_text=_("Chucai only.")
    )
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()

    def validate(self, attrs):
        if attrs["kind"] == CardKind.GREEN_CARD:
            errors = {}
            if attrs.get("number"):
                errors["number"] = [_("A green card's number is assigned when it is issued.")]
            if attrs.get("level"):
                errors["level"] = [_("A green card has no level.")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class CardQuerySerializer(serializers.Serializer):
    talent = IdField(required=False, help_text=_("The talent's id."))
    kind = serializers.ChoiceField(choices=CardKind.choices, required=False)
    status = serializers.ChoiceField(choices=CardStatus.choices, required=False)


class CardRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)


class CardRenewSerializer(serializers.Serializer):
    valid_to = serializers.DateField()
    valid_from = serializers.DateField(
        required=False, allow_null=True, help_text=_("Default: today, or the old start if later.")
    )
