"""Core API: the token endpoint, divisions and organisations. Thin: services do the writing."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import authenticate
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rencai.core import second_factor, services, tokens
from rencai.core.errors import DomainError, NotFound
from rencai.core.models import Division, Organisation

from .schema import error_responses
from .serializers import (
    DivisionQuerySerializer,
    DivisionSerializer,
    OrganisationInputSerializer,
    OrganisationQuerySerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


def query_params(request, serializer_class) -> dict:
    """The request's query parameters, validated (a bad value answers 400 with fields)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def referenced[T](field: str, load: Callable[[], T]) -> T:
    """The row a body names by id, loaded by `load`; missing or out of scope is a 400 naming
    `field` (`{"fields": {"benefit": ["Not found."]}}`), not a 404 of the URL."""
    try:
        return load()
    except (NotFound, Http404, ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise ValidationError({field: [_("Not found.")]}) from exc


class AccountLocked(DomainError):
    status = 403
    code = "account_locked"


class TokenView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token …`).

    Failed attempts count towards the account lock of the log-in page (django-axes).
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 403)},
        tags=["auth"],
        operation_id="auth_token_create",
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The DRF request (not the bare HttpRequest) goes to axes, so a lock-out answers here in
        # our JSON format rather than as axes' HTML page.
        credentials = dict(serializer.validated_data)
        code = credentials.pop("otp", "")
        user = authenticate(request=request, **credentials)
        if getattr(request, "axes_locked_out", False):
            raise AccountLocked(_("Too many failed log-ins: this account is locked for a while."))
        if user is None or not user.is_active:
            raise ValidationError(_("Unable to log in with the username and password given."))
        # The token is as strong as the log-in: the second factor when the user owes one.
        if second_factor.has_device(user):
            if second_factor.verify(user, code, via="api") is None:
                raise ValidationError({"otp": [_("The second factor's code is missing or wrong.")]})
        elif second_factor.is_required(user):
            raise ValidationError(
                {"otp": [_("Set up the second factor on the website first, then ask again.")]}
            )
        token = tokens.issue_token(user)
        return Response({"token": token.key, "expires_at": tokens.expires_at(token)})


@extend_schema_view(
    list=extend_schema(parameters=[DivisionQuerySerializer], responses={200: DivisionSerializer}),
    retrieve=extend_schema(responses={200: DivisionSerializer, **error_responses(404)}),
)
@extend_schema(tags=["divisions"])
class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The city and its counties: public reference data for any signed-in user."""

    serializer_class = DivisionSerializer
    filter_backends: list = []

    def get_queryset(self):
        divisions = Division.objects.select_related("parent").order_by("code")
        if self.action == "list":
            level = query_params(self.request, DivisionQuerySerializer).get("level")
            if level:
                divisions = divisions.filter(level=level)
        return divisions


@extend_schema_view(
    list=extend_schema(
        parameters=[OrganisationQuerySerializer], responses={200: OrganisationSerializer}
    ),
    retrieve=extend_schema(responses={200: OrganisationSerializer, **error_responses(404)}),
    create=extend_schema(
        request=OrganisationInputSerializer,
        responses={201: OrganisationSerializer, **error_responses(400, 403, 409)},
    ),
    update=extend_schema(
        request=OrganisationInputSerializer,
        responses={200: OrganisationSerializer, **error_responses(400, 403, 404, 409)},
    ),
    partial_update=extend_schema(
        request=OrganisationInputSerializer,
        responses={200: OrganisationSerializer, **error_responses(400, 403, 404, 409)},
    ),
)
@extend_schema(tags=["organisations"])
class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organisations: any signed-in user reads; city administrators create and edit."""

    serializer_class = OrganisationSerializer
    filter_backends: list = []

    def get_queryset(self):
        organisations = Organisation.objects.select_related("division", "parent")
        if self.action == "list":
            params = query_params(self.request, OrganisationQuerySerializer)
            if params.get("kind"):
                organisations = organisations.filter(kind=params["kind"])
            if params.get("division"):
                organisations = organisations.filter(division__code=params["division"])
            if params.get("q"):
                organisations = organisations.filter(name__icontains=params["q"].strip())
        return organisations

    def create(self, request):
        data = self._input(request, partial=False)
        organisation = services.create_organisation(actor=request.user, fields=data)
        body = OrganisationSerializer(organisation).data
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        return self._update(request, partial=False)

    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool):
        organisation = self.get_object()
        data = self._input(request, partial=partial)
        organisation = services.update_organisation(organisation, actor=request.user, fields=data)
        return Response(OrganisationSerializer(organisation).data)

    @staticmethod
    def _input(request, *, partial: bool) -> dict:
        serializer = OrganisationInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
