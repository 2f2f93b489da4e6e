"""/api/v1/outreach-runs/: the record of outreach runs, and starting one (queued: 202).

Runs hold counts only. Runs for one talent (started by a change to their record) are left
out of the list unless `?scope=talent`, and never say which talent.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from rencai.core.api.fields import IdField, RefField
from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.core.models import Division

from .. import permissions
from ..choices import OutreachTrigger, RunStatus
from ..models import Benefit, OutreachRun
from ..services.outreach import start_outreach
from .serializers import BenefitRefSerializer


class VersionResultSerializer(serializers.Serializer):
    benefit = serializers.CharField(help_text=_("The benefit's code."))
    version = serializers.IntegerField()
    found = serializers.IntegerField()
    notified = serializers.IntegerField()
    recorded = serializers.IntegerField()
    ms = serializers.FloatField()


class OutreachRunSerializer(serializers.ModelSerializer):
    benefit = BenefitRefSerializer(read_only=True, allow_null=True)
    scope = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    notifications = serializers.SerializerMethodField()

    class Meta:
        model = OutreachRun
        fields = [
            "id",
            "trigger",
            "status",
            "scope",
            "benefit",
            "evaluated_on",
            "created_at",
            "started_at",
            "finished_at",
            "found",
            "notified",
            "recorded",
            "notifications",
            "versions",
            "error",
        ]

    def get_scope(self, run: OutreachRun) -> str:
        return "talent" if run.talent_id else "registry"

    @extend_schema_field(VersionResultSerializer(many=True))
    def get_versions(self, run: OutreachRun) -> list:
        return list((run.versions or {}).get("versions", []))

    def get_notifications(self, run: OutreachRun) -> int:
        return int((run.versions or {}).get("notifications", 0))


class OutreachStartSerializer(serializers.Serializer):
    benefit = RefField(
        queryset=Benefit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Empty: every benefit in force."),
    )
    county = serializers.PrimaryKeyRelatedField(
        queryset=Division.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A county officer's run: that county's talents only (default: theirs)."),
    )


class OutreachQuerySerializer(serializers.Serializer):
    trigger = serializers.ChoiceField(choices=OutreachTrigger.choices, required=False)
    status = serializers.ChoiceField(choices=RunStatus.choices, required=False)
    benefit = IdField(required=False)
    scope = serializers.ChoiceField(
        choices=[("registry", "registry"), ("talent", "talent")], required=False
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[OutreachQuerySerializer],
        responses={200: OutreachRunSerializer, **error_responses(403)},
    ),
    retrieve=extend_schema(responses={200: OutreachRunSerializer, **error_responses(403, 404)}),
    create=extend_schema(
        request=OutreachStartSerializer,
        responses={202: OutreachRunSerializer, **error_responses(400, 403)},
        description="Queue an outreach run for one benefit or every benefit in force.",
    ),
)
@extend_schema(tags=["outreach"])
class OutreachRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Outreach runs (政策找人): when, which versions, how many found, told and recorded."""

    serializer_class = OutreachRunSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.can_view_outreach(request.user):
            raise PermissionDenied

    def get_queryset(self):
        runs = OutreachRun.objects.select_related("benefit").order_by("-created_at", "-id")
        runs = runs.filter(permissions.outreach_runs_q(self.request.user))
        if self.action != "list":
            return runs
        params = query_params(self.request, OutreachQuerySerializer)
        runs = runs.filter(talent__isnull=params.get("scope") != "talent")
        for name in ("trigger", "status"):
            if params.get(name):
                runs = runs.filter(**{name: params[name]})
        if params.get("benefit"):
            runs = runs.filter(benefit_id=params["benefit"])
        return runs

    def create(self, request):
        serializer = OutreachStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        county = serializer.validated_data.get("county")
        counties = permissions.outreach_counties(request.user)
        if county is None and len(counties) == 1:
            county = Division.objects.get(pk=next(iter(counties)))
        run = start_outreach(
            actor=request.user, benefit=serializer.validated_data.get("benefit"), county=county
        )
        run.refresh_from_db()
        return Response(OutreachRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
