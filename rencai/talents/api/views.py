"""Talent API: thin viewsets. An input serializer checks shape, a service acts (and checks
permission and audits), an output serializer renders. Reads go through the scoped selectors:
anything outside the caller's scope answers 404, like anything missing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params, referenced
from rencai.core.errors import Conflict, NotFound

from ..choices import CardKind
from ..models import Talent, TalentCard
from ..selectors import TalentFilters, get_card_for_actor, get_talent_for_actor, search_talents
from ..services import cards as card_services
from ..services.registry import (
    DUPLICATE_MESSAGE,
    register_talent,
    reveal_identity,
    update_talent,
)
from .serializers import (
    CardInputSerializer,
    CardQuerySerializer,
    CardRenewSerializer,
    CardRevokeSerializer,
    CardSerializer,
    CardVerificationSerializer,
    TalentDetailQuerySerializer,
    TalentInputSerializer,
    TalentQuerySerializer,
    TalentSerializer,
)

DETAILS = (
    "tags",
    "family",
    Prefetch(
        "cards", queryset=TalentCard.objects.active().order_by("kind"), to_attr="active_cards"
    ),
)


def _validated(serializer_class, request, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _one_answer_for_duplicates(call):
    """A duplicate identity document answers 409 `duplicate_talent` with `fields.id_number`,
    whether the service's check saw it (a field error) or the unique index did (two clerks at
    once: a Conflict) — a client must not have to handle both."""
    try:
        return call()
    except DjangoValidationError as exc:
        errors = getattr(exc, "message_dict", {})
        if str(DUPLICATE_MESSAGE) in errors.get("id_number", []):
            raise Conflict(DUPLICATE_MESSAGE, code="duplicate_talent", fields=errors) from exc
        raise


@extend_schema_view(
    list=extend_schema(
        parameters=[TalentQuerySerializer],
        responses={200: TalentSerializer, **error_responses(400)},
    ),
    retrieve=extend_schema(
        parameters=[TalentDetailQuerySerializer],
        responses={200: TalentSerializer, **error_responses(400, 403, 404)},
    ),
    create=extend_schema(
        request=TalentInputSerializer,
        responses={201: TalentSerializer, **error_responses(400, 403, 409)},
    ),
    update=extend_schema(
        request=TalentInputSerializer,
        responses={200: TalentSerializer, **error_responses(400, 403, 404, 409)},
    ),
    partial_update=extend_schema(
        request=TalentInputSerializer,
        responses={200: TalentSerializer, **error_responses(400, 403, 404, 409)},
    ),
    cards=extend_schema(responses={200: CardSerializer(many=True), **error_responses(404)}),
)
@extend_schema(tags=["talents"])
class TalentViewSet(viewsets.GenericViewSet):
    """The talent registry, scoped to the caller.

    County officers see their county's talents, the task force and city administrators every
    talent, a talent only themself. Window clerks do not browse: the list holds only the
    talents their service point is serving today (found or registered at the window).
    """

    serializer_class = TalentSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Talent.objects.for_actor(self.request.user)

    def _render(self, talents, *, revealed=None, many: bool = False):
        context = {"request": self.request, "revealed": revealed or {}}
        return TalentSerializer(talents, many=many, context=context).data

    def _detail(self, pk) -> Talent:
        talent = get_talent_for_actor(self.request.user, pk)
        prefetch_related_objects([talent], *DETAILS)
        return talent

    def list(self, request):
        filters = TalentFilters(**query_params(request, TalentQuerySerializer))
        talents = search_talents(request.user, filters).prefetch_related(*DETAILS)
        page = self.paginate_queryset(talents)
        return self.get_paginated_response(self._render(page, many=True))

    def retrieve(self, request, pk=None):
        reveal = query_params(request, TalentDetailQuerySerializer).get("reveal")
        talent = self._detail(pk)
        revealed = {}
        if reveal == "id":
            revealed[talent.pk] = reveal_identity(talent, actor=request.user)
        return Response(self._render(talent, revealed=revealed))

    def create(self, request):
        fields = _validated(TalentInputSerializer, request)
        talent = _one_answer_for_duplicates(
            lambda: register_talent(actor=request.user, fields=fields)
        )
        prefetch_related_objects([talent], *DETAILS)
        return Response(self._render(talent), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        return self._update(request, pk, partial=False)

    def partial_update(self, request, pk=None):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, *, partial: bool):
        talent = get_talent_for_actor(request.user, pk)
        fields = _validated(TalentInputSerializer, request, partial=partial)
        talent = _one_answer_for_duplicates(
            lambda: update_talent(talent, actor=request.user, fields=fields)
        )
        prefetch_related_objects([talent], *DETAILS)
        return Response(self._render(talent))

    @action(detail=True, methods=["get"])
    def cards(self, request, pk=None):
        """Every card record of one talent, newest first (revoked and superseded included)."""
        talent = get_talent_for_actor(request.user, pk)
        cards = talent.cards.select_related("talent").order_by("-issued_at", "-id")
        page = self.paginate_queryset(cards)
        data = CardSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


@extend_schema_view(
    list=extend_schema(parameters=[CardQuerySerializer], responses={200: CardSerializer}),
    retrieve=extend_schema(responses={200: CardSerializer, **error_responses(404)}),
    create=extend_schema(
        request=CardInputSerializer,
        responses={201: CardSerializer, **error_responses(400, 403, 404, 409)},
    ),
    revoke=extend_schema(
        request=CardRevokeSerializer,
        responses={200: CardSerializer, **error_responses(400, 403, 404, 409)},
    ),
    renew=extend_schema(
        request=CardRenewSerializer,
        responses={201: CardSerializer, **error_responses(400, 403, 404, 409)},
    ),
    verify=extend_schema(
        auth=[],
        responses={
            200: CardVerificationSerializer,
            404: OpenApiResponse(description="Unknown token."),
        },
    ),
)
@extend_schema(tags=["cards"])
class CardViewSet(viewsets.GenericViewSet):
    """Talent cards: green cards the city issues and Chucai cards recorded from the province."""

    serializer_class = CardSerializer
    filter_backends: list = []

    def get_queryset(self):
        visible = Talent.objects.for_actor(self.request.user).values("pk")
        return TalentCard.objects.filter(talent__in=visible).select_related("talent")

    def _render(self, card, *, created: bool = False):
        data = CardSerializer(card, context={"request": self.request}).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def list(self, request):
        params = query_params(request, CardQuerySerializer)
        cards = self.get_queryset().filter(**params).order_by("-issued_at", "-id")
        page = self.paginate_queryset(cards)
        data = CardSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        return self._render(get_card_for_actor(request.user, pk))

    def create(self, request):
        data = _validated(CardInputSerializer, request)
        talent = referenced("talent", lambda: get_talent_for_actor(request.user, data["talent"]))
        dates = {"valid_from": data["valid_from"], "valid_to": data["valid_to"]}
        if data["kind"] == CardKind.GREEN_CARD:
            card = card_services.issue_green_card(talent, actor=request.user, **dates)
        else:
            card = card_services.record_chucai_card(
                talent,
                actor=request.user,
                number=data.get("number", ""),
                level=data.get("level", ""),
                **dates,
            )
        return self._render(card, created=True)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke a card, with the reason the card record and the audit log keep."""
        card = get_card_for_actor(request.user, pk)
        reason = _validated(CardRevokeSerializer, request)["reason"]
        return self._render(card_services.revoke_card(card, actor=request.user, reason=reason))

    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Renew: the same number with new dates; the old record is superseded."""
        card = get_card_for_actor(request.user, pk)
        data = _validated(CardRenewSerializer, request)
        renewed = card_services.renew_card(
            card, actor=request.user, valid_to=data["valid_to"], valid_from=data.get("valid_from")
        )
        return self._render(renewed, created=True)

    @action(
        detail=False,
        methods=["get"],
        url_path=r"verify/(?P<token>[^/.]+)",
        permission_classes=[AllowAny],
        authentication_classes=[],
        pagination_class=None,
    )
    def verify(self, request, token=None):
        """Public: what a scanned card QR code shows. Needs no sign-in; reveals nothing more."""
        result = card_services.verify_card(token)
        if not result.found:
            raise NotFound(_("Not found."))
        body = {
            "masked_name": result.masked_name,
            "kind": result.kind,
            "kind_label": result.kind_label,
            "valid": result.valid,
        }
        return Response(CardVerificationSerializer(body).data)
