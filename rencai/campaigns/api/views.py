"""Campaign API: /campaigns/ (with /actions/ and /progress/?as_of=), /targets/.

Read-only: the task force and the city administrator see every unit; a unit's officers see the
campaigns they answer for and their own units' targets; everyone else is refused (403 on the
lists) or not found."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from rencai.core import clock
from rencai.core.api.schema import error_responses

from .. import permissions, selectors
from ..models import Indicator
from .serializers import (
    ActionSerializer,
    AssessmentSerializer,
    BulletinSerializer,
    CampaignSerializer,
    ProgressSerializer,
    SupervisionVisitSerializer,
    TargetSerializer,
)


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)


def _may_see(request) -> None:
    if not permissions.can_see_campaigns(request.user):
        raise PermissionDenied


@extend_schema(tags=["campaigns"])
@extend_schema_view(
    list=extend_schema(responses={200: CampaignSerializer(many=True), **error_responses(403)}),
    retrieve=extend_schema(responses={200: CampaignSerializer, **error_responses(404)}),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.campaigns_for_actor(self.request.user).select_related("organiser")

    def list(self, request, *args, **kwargs):
        _may_see(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: ActionSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def actions(self, request, pk=None):
        campaign = self.get_object()
        actions = campaign.actions.select_related("lead", "lead_division").prefetch_related(
            "units__organisation", "units__division"
        )
        if not selectors.sees_every_unit(request.user):
            actions = actions.filter(units__in=selectors.units_for_actor(request.user)).distinct()
        page = self.paginate_queryset(actions.order_by("number"))
        return self.get_paginated_response(ActionSerializer(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, required=False)],
        responses={200: ProgressSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        campaign = self.get_object()
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or clock.today()
        units = (
            None
            if selectors.sees_every_unit(request.user)
            else selectors.units_for_actor(request.user)
        )
        report = selectors.campaign_progress(campaign, as_of, request.user, units=units)
        data = {
            "as_of": as_of,
            "share": report.share,
            **report.counts(),
            "indicators": report.indicators(),
        }
        return Response(ProgressSerializer(data).data)

    @extend_schema(responses={200: BulletinSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def bulletins(self, request, pk=None):
        """The published bulletins, newest first, with the figures they were published with."""
        campaign = self.get_object()
        page = self.paginate_queryset(campaign.bulletins.order_by("-number"))
        return self.get_paginated_response(BulletinSerializer(page, many=True).data)

    @extend_schema(responses={200: AssessmentSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def assessments(self, request, pk=None):
        """The half-monthly assessments as issued (adjustments are shown on the page)."""
        campaign = self.get_object()
        page = self.paginate_queryset(campaign.assessments.order_by("-period_end"))
        return self.get_paginated_response(AssessmentSerializer(page, many=True).data)


@extend_schema(tags=["campaigns"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("campaign", OpenApiTypes.INT, required=False)],
        responses={200: TargetSerializer(many=True), **error_responses(400, 403)},
    ),
    retrieve=extend_schema(responses={200: TargetSerializer, **error_responses(404)}),
)
class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Targets: each unit's indicators with their target values and milestones."""

    serializer_class = TargetSerializer
    filter_backends: list = []

    def get_queryset(self):
        targets = (
            Indicator.objects.filter(unit__in=selectors.units_for_actor(self.request.user))
            .select_related("unit__action", "unit__organisation", "unit__division")
            .prefetch_related("milestones")
            .order_by("unit__action__campaign_id", "unit__action__number", "unit_id", "order", "pk")
        )
        campaign = self.request.query_params.get("campaign")
        if campaign is not None:
            field = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
            try:
                targets = targets.filter(unit__action__campaign_id=field.run_validation(campaign))
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"campaign": exc.detail}) from None
        return targets

    def list(self, request, *args, **kwargs):
        _may_see(request)
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["campaigns"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("campaign", OpenApiTypes.INT, required=False)],
        responses={200: SupervisionVisitSerializer(many=True), **error_responses(400, 403)},
    ),
    retrieve=extend_schema(responses={200: SupervisionVisitSerializer, **error_responses(404)}),
)
class SupervisionVisitViewSet(viewsets.ReadOnlyModelViewSet):
    """Supervision visits with their items to put right: all for the task force, one's own
    department's or county's for its officers."""

    serializer_class = SupervisionVisitSerializer
    filter_backends: list = []

    def get_queryset(self):
        visits = selectors.visits_for_actor(self.request.user)
        campaign = self.request.query_params.get("campaign")
        if campaign is not None:
            field = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
            try:
                visits = visits.filter(group__campaign_id=field.run_validation(campaign))
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"campaign": exc.detail}) from None
        return visits.order_by("-visited_on", "pk")

    def list(self, request, *args, **kwargs):
        _may_see(request)
        return super().list(request, *args, **kwargs)
