"""Policies API: the catalogue (policies, benefits and their drafts) and entitlements.

Thin: an input serializer validates, a service acts, an output serializer renders. A rule the
rule language refuses answers 400 with `fields.rule` naming the path to the offending node;
a second live entitlement answers 409.
"""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from rencai.core import clock
from rencai.core.api.pagination import paginated
from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params, referenced
from rencai.talents.selectors import get_talent_for_actor

from .. import permissions, selectors, services
from ..choices import EntitlementState, VersionStatus
from ..models import Benefit, BenefitVersion, Policy
from .serializers import (
    BenefitInputSerializer,
    BenefitSerializer,
    EntitlementInputSerializer,
    EntitlementQuerySerializer,
    EntitlementSerializer,
    PolicyInputSerializer,
    PolicySerializer,
    PublishSerializer,
    TransitionSerializer,
    VersionSerializer,
)


class CatalogueReaders:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.can_read_catalogue(request.user):
            raise PermissionDenied


@extend_schema_view(
    list=extend_schema(responses={200: PolicySerializer, **error_responses(403)}),
    retrieve=extend_schema(responses={200: PolicySerializer, **error_responses(403, 404)}),
    create=extend_schema(
        request=PolicyInputSerializer,
        responses={201: PolicySerializer, **error_responses(400, 403)},
    ),
    partial_update=extend_schema(
        request=PolicyInputSerializer,
        responses={200: PolicySerializer, **error_responses(400, 403, 404)},
    ),
)
@extend_schema(tags=["policies"])
class PolicyViewSet(
    CatalogueReaders,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Policy documents: officers read; the task force and city administrators edit."""

    serializer_class = PolicySerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Policy.objects.prefetch_related("benefits").order_by("category", "title", "id")

    def create(self, request):
        serializer = PolicyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.create_policy(actor=request.user, fields=serializer.validated_data)
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        policy = self.get_object()
        serializer = PolicyInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        policy = services.update_policy(
            policy, actor=request.user, fields=serializer.validated_data
        )
        return Response(PolicySerializer(policy).data)


@extend_schema_view(
    list=extend_schema(responses={200: BenefitSerializer, **error_responses(403)}),
    retrieve=extend_schema(responses={200: BenefitSerializer, **error_responses(403, 404)}),
    create=extend_schema(
        request=BenefitInputSerializer,
        responses={201: BenefitSerializer, **error_responses(400, 403, 409)},
    ),
    partial_update=extend_schema(
        request=BenefitInputSerializer,
        responses={200: BenefitSerializer, **error_responses(400, 403, 404, 409)},
        description="Edit the terms and/or the draft (rule, amount, to_confirm, effective_from, "
        "note). A draft is started from the latest published version when there is none.",
    ),
)
@extend_schema(tags=["benefits"])
class BenefitViewSet(
    CatalogueReaders,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Benefits with the version in force today and their draft."""

    serializer_class = BenefitSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Benefit.objects.select_related("owning_department", "paying_department").order_by(
            "policy_id", "name", "id"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["current"] = selectors.current_versions(clock.today())
        context["drafts"] = {
            v.benefit_id: v for v in BenefitVersion.objects.filter(status=VersionStatus.DRAFT)
        }
        return context

    def _render(self, benefit: Benefit, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(benefit).data, status=code)

    def create(self, request):
        serializer = BenefitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, draft = serializer.split()
        policy = fields.pop("policy")
        benefit = services.create_benefit(policy, actor=request.user, fields=fields, draft=draft)
        return self._render(benefit, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        benefit = self.get_object()
        serializer = BenefitInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields, draft = serializer.split()
        fields.pop("policy", None)  # a benefit stays with its policy
        with transaction.atomic():
            if draft:
                services.update_draft(benefit, actor=request.user, fields=draft)
            if fields:
                benefit = services.update_benefit(benefit, actor=request.user, fields=fields)
        return self._render(selectors.get_benefit(benefit.pk))

    @extend_schema(
        request=PublishSerializer,
        responses={200: VersionSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the draft: in force from its effective date (or the one given)."""
        benefit = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.publish_draft(
            benefit,
            actor=request.user,
            effective_from=serializer.validated_data.get("effective_from"),
        )
        return Response(VersionSerializer(version).data)

    @extend_schema(responses={200: VersionSerializer(many=True), **error_responses(403, 404)})
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        """Every version of the benefit, newest first (drafts included)."""
        benefit = self.get_object()
        return paginated(self, benefit.versions.order_by("-number"), VersionSerializer)


@extend_schema_view(
    list=extend_schema(
        parameters=[EntitlementQuerySerializer],
        responses={200: EntitlementSerializer, **error_responses(403)},
    ),
    retrieve=extend_schema(responses={200: EntitlementSerializer, **error_responses(404)}),
    create=extend_schema(
        request=EntitlementInputSerializer,
        responses={201: EntitlementSerializer, **error_responses(400, 403, 404, 409)},
    ),
)
@extend_schema(tags=["entitlements"])
class EntitlementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Entitlements of the talents you may see; recording one; moving it through its states."""

    serializer_class = EntitlementSerializer
    filter_backends: list = []

    def get_queryset(self):
        entitlements = selectors.entitlements_for_actor(self.request.user).order_by(
            "-created_at", "-id"
        )
        if self.action == "list":
            if not permissions.can_list_entitlements(self.request.user):
                raise PermissionDenied
            params = query_params(self.request, EntitlementQuerySerializer)
            if params.get("state"):
                entitlements = entitlements.filter(state=params["state"])
            if params.get("benefit"):
                entitlements = entitlements.filter(benefit__code=params["benefit"])
            if params.get("talent"):
                entitlements = entitlements.filter(talent_id=params["talent"])
        return entitlements

    def create(self, request):
        serializer = EntitlementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        talent = referenced("talent", lambda: get_talent_for_actor(request.user, data["talent"]))
        entitlement = services.record_entitlement(
            talent,
            data["benefit"],
            actor=request.user,
            state=data.get("state", EntitlementState.PENDING),
            amount_fen=data.get("amount"),
            granted_on=data.get("granted_on"),
            note=data.get("note", ""),
        )
        return Response(EntitlementSerializer(entitlement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TransitionSerializer,
        responses={200: EntitlementSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the entitlement to another state, where the transition table allows it."""
        entitlement = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entitlement = services.transition_entitlement(
            entitlement,
            actor=request.user,
            to_state=data["state"],
            on=data.get("on"),
            amount_fen=data.get("amount"),
            note=data.get("note", ""),
        )
        return Response(EntitlementSerializer(entitlement).data)
