"""Engagement API: /contact-pairings/ (and a five-ones tick), /contact-logs/, /requests/ with
the transitions as actions. Thin: an input serializer validates, a service acts, an output
serializer renders. Out of scope answers 404 like missing; a reference in a body to a row the
caller may not see is a 400 naming the field; an illegal transition 409; a forbidden one 403."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.core.errors import NotFound
from rencai.core.models import User
from rencai.talents.models import Talent

from .. import clock, selectors, services
from ..models import FiveOnesItem
from .serializers import (
    ContactLogCreateSerializer,
    ContactLogSerializer,
    ContactPairingDetailSerializer,
    ContactPairingSerializer,
    FiveOnesTickCreateSerializer,
    PairingCreateSerializer,
    PairingQuerySerializer,
    RequestAnswerSerializer,
    RequestAssignSerializer,
    RequestCreateSerializer,
    RequestDetailSerializer,
    RequestExcludeSerializer,
    RequestFeedbackSerializer,
    RequestNoteSerializer,
    RequestQuerySerializer,
    RequestSerializer,
)


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _missing(field: str):
    return serializers.ValidationError({field: [_("Not found.")]})


def _visible_talent(actor, pk) -> Talent:
    talent = Talent.objects.for_actor(actor).filter(pk=pk).first()
    if talent is None:
        raise _missing("talent")
    return talent


@extend_schema(tags=["engagement"])
class ContactPairingViewSet(viewsets.GenericViewSet):
    """Contact leaders paired with high-level talents, per year, scoped to the caller."""

    serializer_class = ContactPairingSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.pairings_for_actor(self.request.user)

    def _detail(self, pk, *, code=status.HTTP_200_OK) -> Response:
        pairing = selectors.get_pairing_for_actor(self.request.user, pk)
        return Response(ContactPairingDetailSerializer(pairing).data, status=code)

    @extend_schema(
        parameters=[PairingQuerySerializer],
        responses={200: ContactPairingSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        params = query_params(request, PairingQuerySerializer)
        pairings = self.get_queryset()
        if params.get("year"):
            pairings = pairings.filter(year=params["year"])
        page = self.paginate_queryset(pairings)
        return self.get_paginated_response(ContactPairingSerializer(page, many=True).data)

    @extend_schema(responses={200: ContactPairingDetailSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=PairingCreateSerializer,
        responses={201: ContactPairingDetailSerializer, **error_responses(400, 403, 409)},
        description="The task force pairs a contact leader with a high-level talent.",
    )
    def create(self, request):
        data = _validated(PairingCreateSerializer, request)
        leader = User.objects.filter(pk=data["leader"], is_active=True).first()
        if leader is None:
            raise _missing("leader")
        talent = _visible_talent(request.user, data["talent"])
        pairing = services.pair_leader(
            leader, talent, actor=request.user, year=data.get("year"), note=data["note"]
        )
        return self._detail(pairing.pk, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=FiveOnesTickCreateSerializer,
        responses={200: ContactPairingDetailSerializer, **error_responses(400, 403, 404, 409)},
        description="Tick one item of the pairing's year's five-ones checklist.",
    )
    @action(detail=True, methods=["post"])
    def tick(self, request, pk=None):
        pairing = selectors.get_pairing_for_actor(request.user, pk)
        data = _validated(FiveOnesTickCreateSerializer, request)
        item = FiveOnesItem.objects.filter(year=pairing.year, code=data["item"]).first()
        if item is None:
            raise _missing("item")
        services.tick_five_ones(
            pairing, item, actor=request.user, done_on=data["done_on"], note=data["note"]
        )
        return self._detail(pk)


@extend_schema(tags=["engagement"])
class ContactLogViewSet(viewsets.GenericViewSet):
    """Contacts between leaders and their paired talents."""

    serializer_class = ContactLogSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.logs_for_actor(self.request.user)

    @extend_schema(responses={200: ContactLogSerializer(many=True)})
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ContactLogSerializer(page, many=True).data)

    @extend_schema(responses={200: ContactLogSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        log = self.get_queryset().filter(pk=pk).first()
        if log is None:
            raise NotFound(_("Not found."))
        return Response(ContactLogSerializer(log).data)

    @extend_schema(
        request=ContactLogCreateSerializer,
        responses={201: ContactLogSerializer, **error_responses(400, 403)},
    )
    def create(self, request):
        data = _validated(ContactLogCreateSerializer, request)
        try:
            pairing = selectors.get_pairing_for_actor(request.user, data["pairing"])
        except NotFound:
            raise _missing("pairing") from None
        log = services.log_contact(
            pairing,
            actor=request.user,
            kind=data["kind"],
            summary=data["summary"],
            happened_on=data["happened_on"],
        )
        return Response(ContactLogSerializer(log).data, status=status.HTTP_201_CREATED)


def _transition(request_serializer):
    return extend_schema(
        request=request_serializer,
        responses={200: RequestDetailSerializer, **error_responses(400, 403, 404, 409)},
    )


@extend_schema(tags=["engagement"])
class RequestViewSet(viewsets.GenericViewSet):
    """Talents' requests (诉求), scoped to the caller (ROLES.md)."""

    serializer_class = RequestSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.requests_for_actor(self.request.user)

    def _detail(self, pk, *, code=status.HTTP_200_OK) -> Response:
        found = selectors.get_request_for_actor(self.request.user, pk)
        data = RequestDetailSerializer(found, context={"request": self.request}).data
        return Response(data, status=code)

    def _get(self, pk):
        return selectors.get_request_for_actor(self.request.user, pk)

    @extend_schema(
        parameters=[RequestQuerySerializer],
        responses={200: RequestSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        params = query_params(request, RequestQuerySerializer)
        filters = selectors.RequestFilters(**{k: v for k, v in params.items() if v is not None})
        found = selectors.search_requests(request.user, filters, today=clock.today())
        page = self.paginate_queryset(found.order_by("-raised_at", "-pk"))
        return self.get_paginated_response(RequestSerializer(page, many=True).data)

    @extend_schema(responses={200: RequestDetailSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=RequestCreateSerializer,
        responses={201: RequestDetailSerializer, **error_responses(400, 403)},
        description="Record a talent's request (a talent leaves `talent` out for their own).",
    )
    def create(self, request):
        data = _validated(RequestCreateSerializer, request)
        if data.get("talent") is None:
            talent = Talent.objects.filter(user_id=request.user.pk).first()
            if talent is None:
                raise _missing("talent")
        else:
            talent = _visible_talent(request.user, data["talent"])
        created = services.raise_request(
            talent,
            actor=request.user,
            category=data["category"],
            title=data["title"],
            description=data["description"],
            department=data["department"],
            target_working_days=data["target_working_days"],
        )
        return self._detail(created.pk, code=status.HTTP_201_CREATED)

    @_transition(RequestAssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        found = self._get(pk)
        data = _validated(RequestAssignSerializer, request)
        services.assign_request(
            found,
            actor=request.user,
            department=data["department"],
            target_working_days=data["target_working_days"],
            note=data["note"],
        )
        return self._detail(pk)

    @_transition(RequestNoteSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        found = self._get(pk)
        data = _validated(RequestNoteSerializer, request)
        services.respond_to_request(found, actor=request.user, note=data["note"])
        return self._detail(pk)

    @_transition(RequestAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        found = self._get(pk)
        data = _validated(RequestAnswerSerializer, request)
        services.answer_request(found, actor=request.user, answer=data["answer"])
        return self._detail(pk)

    @_transition(RequestFeedbackSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        found = self._get(pk)
        data = _validated(RequestFeedbackSerializer, request)
        services.give_feedback(
            found,
            actor=request.user,
            satisfaction=data["satisfaction"],
            resolved=data["resolved"],
            comment=data["comment"],
        )
        return self._detail(pk)

    @_transition(RequestExcludeSerializer)
    @action(detail=True, methods=["post"])
    def exclude(self, request, pk=None):
        found = self._get(pk)
        data = _validated(RequestExcludeSerializer, request)
        services.exclude_from_rates(found, actor=request.user, reason=data["reason"])
        return self._detail(pk)
