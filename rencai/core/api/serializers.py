"""Core API shapes: divisions, organisations, the token request."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rencai.core.api.fields import RefField
from rencai.core.choices import DivisionLevel, OrganisationKind, ServicePointKind
from rencai.core.models import Division, Organisation


class DivisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "code", "name"]


class DivisionSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    parent = DivisionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Division
        fields = ["id", "code", "name", "level", "level_label", "kind", "parent"]


class DivisionQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=DivisionLevel.choices, required=False)


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    division = DivisionRefSerializer(read_only=True)
    parent = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "division",
            "code",
            "credit_code",
            "service_point_kind",
            "parent",
            "is_active",
            "created_at",
            "updated_at",
        ]


class DivisionByCodeField(serializers.SlugRelatedField):
    """A division given by its six-digit code (e.g. 421182)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Division.objects.all())
        super().__init__(slug_field="code", **kwargs)


class OrganisationInputSerializer(serializers.Serializer):
    """What an administrator sends; the service checks the credit code and uniqueness."""

    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    division = DivisionByCodeField(help_text=_("The division's code, e.g. 421100 for the city."))
    code = serializers.SlugField(max_length=50, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    service_point_kind = serializers.ChoiceField(
        choices=ServicePointKind.choices, required=False, allow_blank=True
    )
    parent = RefField(queryset=Organisation.objects.all(), required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class OrganisationQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    division = serializers.CharField(
        required=False, max_length=6, help_text=_("A division code, e.g. 421182.")
    )
    q = serializers.CharField(required=False, max_length=50, help_text=_("Part of the name."))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text=_(
            "The second factor's code (authenticator or recovery code): required for a user "
            "who has enrolled one, or whose role must."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField(
        help_text=_("After this the token answers 401: ask for a new one.")
    )
