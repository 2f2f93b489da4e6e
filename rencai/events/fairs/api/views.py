"""Job fairs API: /fair-enterprises/, /positions/, /employment-intents/ (confirm and decline
as actions). Thin: an input serializer validates, a service acts, an output serializer
renders. Out of scope answers 404; a second intent on the same position, or a confirmation of
an intent no longer waiting, 409."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params, referenced
from rencai.core.errors import PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.events.models import Registration
from rencai.talents.models import Degree, Talent

from .. import permissions, selectors, services
from ..choices import Side
from ..models import FairEnterprise
from . import serializers as s

NOT_FOUND = error_responses(404)


def _validated(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _position_fields(data: dict) -> dict:
    fields = {}
    for name in ("title", "headcount", "description", "is_open"):
        if name in data:
            fields[name] = data[name]
    if "salary_min" in data:
        fields["salary_min_fen"] = data["salary_min"]
    if "salary_max" in data:
        fields["salary_max_fen"] = data["salary_max"]
    if data.get("degree") is not None:
        fields["degree"] = referenced("degree", lambda: Degree.objects.get(pk=data["degree"]))
    elif "degree" in data:
        fields["degree"] = None
    if data.get("county") is not None:
        fields["county"] = referenced(
            "county", lambda: Division.objects.get(pk=data["county"], level="county")
        )
    return fields


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.FairEnterpriseSerializer, **NOT_FOUND})
)
class FairEnterpriseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The enterprises taking part in the fairs the user may see; the organiser adds them."""

    serializer_class = s.FairEnterpriseSerializer

    def get_queryset(self):
        return selectors.participants_for_actor(self.request.user).order_by("fair", "pk")

    @extend_schema(
        request=s.FairEnterpriseCreateSerializer,
        responses={201: s.FairEnterpriseSerializer, **error_responses(400, 403, 409)},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(s.FairEnterpriseCreateSerializer, request.data)
        fair = referenced("fair", lambda: selectors.get_fair_for_actor(request.user, data["fair"]))
        organisation = referenced(
            "organisation", lambda: Organisation.objects.get(pk=data["organisation"])
        )
        participant = services.add_enterprise(
            fair, organisation, actor=request.user, booth=data["booth"]
        )
        return Response(
            s.FairEnterpriseSerializer(participant).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(parameters=[s.PositionQuerySerializer]),
    retrieve=extend_schema(responses={200: s.PositionSerializer, **NOT_FOUND}),
)
class PositionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Positions at the fairs the user may see; the organiser or the enterprise's contact
    posts and edits them."""

    serializer_class = s.PositionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.positions_for_actor(self.request.user).order_by("pk")
        if self.action == "list":
            params = query_params(self.request, s.PositionQuerySerializer)
            filters = {
                "fair": "participant__fair_id",
                "enterprise": "participant__organisation_id",
                "degree": "degree_id",
                "county": "county_id",
            }
            for key, path in filters.items():
                if params.get(key):
                    qs = qs.filter(**{path: params[key]})
        return qs

    @extend_schema(
        request=s.PositionCreateSerializer,
        responses={201: s.PositionSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(s.PositionCreateSerializer, request.data)
        participant = referenced(
            "participant",
            lambda: selectors.participants_for_actor(request.user).get(pk=data["participant"]),
        )
        position = services.post_position(participant, actor=request.user, **_position_fields(data))
        return Response(s.PositionSerializer(position).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PositionUpdateSerializer,
        responses={200: s.PositionSerializer, **error_responses(400, 403, 404)},
    )
    def partial_update(self, request, *args, **kwargs):
        position = selectors.get_position_for_actor(request.user, kwargs["pk"])
        data = _validated(s.PositionUpdateSerializer, request.data, partial=True)
        position = services.update_position(position, actor=request.user, **_position_fields(data))
        return Response(s.PositionSerializer(position).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered
        raise PermissionDenied(_("Use PATCH."))


def _side_for(actor, intent_or_position, talent, requested: str | None) -> str:
    """The side the actor acts for: as asked, else the talent themself or the enterprise."""
    if requested:
        return requested
    if permissions.is_talent_self(actor, talent):
        return Side.SEEKER
    return Side.ENTERPRISE


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.EmploymentIntentSerializer, **NOT_FOUND})
)
class EmploymentIntentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Intents the user may see: a talent their own, an enterprise those on its positions (the
    seeker by name only), the organiser those at their fairs."""

    serializer_class = s.EmploymentIntentSerializer

    def get_queryset(self):
        return selectors.intents_for_actor(self.request.user).order_by("-pk")

    @extend_schema(
        request=s.EmploymentIntentCreateSerializer,
        responses={201: s.EmploymentIntentSerializer, **error_responses(400, 403, 409)},
    )
    def create(self, request, *args, **kwargs):
        actor = request.user
        data = _validated(s.EmploymentIntentCreateSerializer, request.data)
        position = referenced(
            "position", lambda: selectors.get_position_for_actor(actor, data["position"])
        )
        if data["registration"] is None:
            talent = referenced("position", lambda: Talent.objects.get(user=actor))
            side = Side.SEEKER
        else:
            registration = referenced(
                "registration",
                lambda: Registration.objects.select_related("talent").get(
                    pk=data["registration"], event_id=position.participant.fair_id
                ),
            )
            talent, side = registration.talent, Side.ENTERPRISE
            if data["at_desk"]:
                side = Side.SEEKER
        intent = services.propose_intent(
            position, talent=talent, side=side, actor=actor, at_desk=data["at_desk"]
        )
        return Response(s.EmploymentIntentSerializer(intent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.IntentSideSerializer,
        responses={200: s.EmploymentIntentSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        intent = selectors.get_intent_for_actor(request.user, pk)
        data = _validated(s.IntentSideSerializer, request.data)
        side = _side_for(request.user, intent.position, intent.talent, data.get("side"))
        fair = intent.position.participant.fair
        if (
            side == Side.SEEKER
            and not permissions.is_talent_self(request.user, intent.talent)
            and permissions.can_confirm_at_desk(request.user, fair)
        ):
            intent = services.confirm_at_desk(intent, actor=request.user)
            return Response(s.EmploymentIntentSerializer(intent).data)
        intent = services.confirm_intent(intent, side=side, actor=request.user)
        return Response(s.EmploymentIntentSerializer(intent).data)

    @extend_schema(
        request=s.IntentSideSerializer,
        responses={200: s.EmploymentIntentSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        intent = selectors.get_intent_for_actor(request.user, pk)
        data = _validated(s.IntentSideSerializer, request.data)
        side = _side_for(request.user, intent.position, intent.talent, data.get("side"))
        intent = services.decline_intent(intent, side=side, actor=request.user)
        return Response(s.EmploymentIntentSerializer(intent).data)


__all__ = ["EmploymentIntentViewSet", "FairEnterprise", "FairEnterpriseViewSet", "PositionViewSet"]
