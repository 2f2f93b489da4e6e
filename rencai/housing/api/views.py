"""Housing API: /apartments/, /housing-applications/, /tenancies/.

Thin: an input serializer validates, a service acts (checking permission, auditing), an
output serializer renders. Out of scope answers 404 like missing; a conflict (a second live
application, a unit already on offer) 409; a forbidden act 403.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core import clock
from rencai.core.api.schema import error_responses
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import Division
from rencai.core.money import yuan_to_fen
from rencai.talents.models import Talent
from rencai.talents.selectors import talent_of_user

from .. import permissions, selectors, services, standing
from ..choices import OfferState
from . import serializers as s


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        responses={200: s.ApartmentSerializer(many=True), **error_responses(400, 404)}
    ),
    retrieve=extend_schema(responses={200: s.ApartmentSerializer, **error_responses(404)}),
)
class ApartmentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Talent apartments the actor may see: the bureau's counties; a talent's offered units.
    The bureau adds an apartment to one of its buildings, being fitted out from a date."""

    serializer_class = s.ApartmentSerializer

    @extend_schema(
        request=s.ApartmentCreateSerializer,
        responses={201: s.ApartmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request):
        data = _validated(s.ApartmentCreateSerializer, request)
        building = selectors.buildings_for_actor(request.user).filter(pk=data["building"]).first()
        if building is None:
            raise NotFound("Not found.")
        talent_rent = data.get("talent_rent")
        unit = services.add_unit(
            building,
            actor=request.user,
            number=data["number"],
            rooms=data["rooms"],
            floor_area=data["floor_area"],
            furnished=data["furnished"],
            monthly_rent_fen=yuan_to_fen(data["monthly_rent"]),
            rent_share=data["rent_share"],
            talent_rent_fen=None if talent_rent is None else yuan_to_fen(talent_rent),
            fit_out_started_on=data["fit_out_started_on"],
        )
        fresh = selectors.get_unit_for_actor(request.user, unit.pk)
        return Response(s.ApartmentSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        units = selectors.units_for_actor(self.request.user).order_by("pk")
        county = self.request.query_params.get("county")
        if county and county.isdigit():
            units = units.filter(building__county_id=int(county))
        return units

    @extend_schema(
        request=s.UnitStateInputSerializer,
        responses={200: s.ApartmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="state")
    def state(self, request, pk=None):
        unit = selectors.get_unit_for_actor(request.user, pk)
        data = _validated(s.UnitStateInputSerializer, request)
        unit = services.change_unit_state(
            unit,
            actor=request.user,
            to_state=data["to_state"],
            on=data.get("on"),
            note=data.get("note", ""),
        )
        return Response(
            s.ApartmentSerializer(selectors.get_unit_for_actor(request.user, unit.pk)).data
        )


@extend_schema_view(
    list=extend_schema(
        responses={200: s.HousingApplicationSerializer(many=True), **error_responses(400, 404)}
    ),
    retrieve=extend_schema(responses={200: s.HousingApplicationSerializer, **error_responses(404)}),
)
class HousingApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Applications on the waiting list, their place and why, and the answer to an offer."""

    serializer_class = s.HousingApplicationSerializer

    def get_queryset(self):
        return selectors.applications_for_actor(self.request.user).order_by("pk")

    @extend_schema(
        request=s.HousingApplicationCreateSerializer,
        responses={201: s.HousingApplicationSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request):
        data = _validated(s.HousingApplicationCreateSerializer, request)
        actor = request.user
        if data.get("talent"):
            talent = Talent.objects.for_actor(actor).filter(pk=data["talent"]).first()
        else:
            talent = talent_of_user(actor)
        county = Division.objects.filter(pk=data["county"], level="county").first()
        if talent is None or county is None:
            raise NotFound("Not found.")
        application = services.apply_for_apartment(
            talent,
            actor=actor,
            county=county,
            household_size=data["household_size"],
            confirmed=data.get("confirmed", []),
        )
        return Response(
            s.HousingApplicationSerializer(application).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: s.StandingSerializer, **error_responses(404)})
    @action(detail=True, methods=["get"])
    def place(self, request, pk=None):
        application = selectors.get_application_for_actor(request.user, pk)

        def plain(place):
            if place is None:
                return None
            reason = place.reason
            return {
                "position": place.position,
                "total": place.total,
                "keys": place.keys,
                "reason": f"{reason.label}: {reason.theirs} / {reason.mine}" if reason else None,
                "round_id": place.round.pk if place.round else None,
            }

        return Response(
            {
                "today": plain(standing.live_place(application, clock.today())),
                "frozen": plain(standing.frozen_place(application)),
            }
        )

    @extend_schema(responses={200: s.OfferSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def offers(self, request, pk=None):
        application = selectors.get_application_for_actor(request.user, pk)
        return Response(s.OfferSerializer(application.offers.all(), many=True).data)

    def _open_offer(self, request, pk):
        """The application's open offer, once the actor may answer for the applicant."""
        application = selectors.get_application_for_actor(request.user, pk)
        if not permissions.can_withdraw_application(request.user, application):
            raise PermissionDenied(gettext_lazy("You may not answer this offer."))
        offer = (
            selectors.offers_for_actor(request.user)
            .filter(application=application, state=OfferState.OPEN)
            .first()
        )
        if offer is None:
            raise Conflict(gettext_lazy("This application has no open offer."), code="no_offer")
        return offer

    @extend_schema(
        request=None, responses={201: s.TenancySerializer, **error_responses(403, 404, 409)}
    )
    @action(detail=True, methods=["post"], url_path="accept-offer")
    def accept_offer(self, request, pk=None):
        tenancy = services.accept_offer(self._open_offer(request, pk), actor=request.user)
        return Response(s.TenancySerializer(tenancy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.DeclineSerializer,
        responses={200: s.OfferSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="decline-offer")
    def decline_offer(self, request, pk=None):
        data = _validated(s.DeclineSerializer, request)
        offer = services.decline_offer(
            self._open_offer(request, pk), actor=request.user, reason=data.get("reason", "")
        )
        return Response(s.OfferSerializer(offer).data)

    @extend_schema(
        request=None,
        responses={200: s.HousingApplicationSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = selectors.get_application_for_actor(request.user, pk)
        application = services.withdraw_application(application, actor=request.user)
        return Response(s.HousingApplicationSerializer(application).data)


@extend_schema_view(
    list=extend_schema(
        responses={200: s.TenancySerializer(many=True), **error_responses(400, 404)}
    ),
    retrieve=extend_schema(responses={200: s.TenancySerializer, **error_responses(404)}),
)
class TenancyViewSet(viewsets.ReadOnlyModelViewSet):
    """Tenancies: move-in checklist, renewal, move-out."""

    serializer_class = s.TenancySerializer

    def get_queryset(self):
        return selectors.tenancies_for_actor(self.request.user).order_by("pk")

    def _done(self, request, tenancy):
        fresh = selectors.get_tenancy_for_actor(request.user, tenancy.pk)
        return Response(s.TenancySerializer(fresh).data)

    @extend_schema(
        request=s.MoveOutSerializer,
        responses={200: s.TenancySerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="move-out")
    def move_out(self, request, pk=None):
        tenancy = selectors.get_tenancy_for_actor(request.user, pk)
        data = _validated(s.MoveOutSerializer, request)
        services.move_out(
            tenancy,
            actor=request.user,
            inspection_result=data["inspection_result"],
            note=data.get("note", ""),
            on=data.get("on"),
        )
        return self._done(request, tenancy)

    @extend_schema(
        request=s.RenewSerializer,
        responses={200: s.TenancySerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        tenancy = selectors.get_tenancy_for_actor(request.user, pk)
        data = _validated(s.RenewSerializer, request)
        services.renew_tenancy(tenancy, actor=request.user, ends_on=data["ends_on"])
        return self._done(request, tenancy)

    @extend_schema(
        request=s.MoveInSerializer,
        responses={200: s.TenancySerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="move-in")
    def move_in(self, request, pk=None):
        tenancy = selectors.get_tenancy_for_actor(request.user, pk)
        data = _validated(s.MoveInSerializer, request)
        services.record_move_in(tenancy, actor=request.user, done=data["done"])
        return self._done(request, tenancy)
