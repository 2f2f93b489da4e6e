"""Schooling API: /enrolments/ (list, one case, the talent's request) and the transitions as
actions. Thin: an input serializer validates, a service acts, an output serializer renders.
Out of scope answers 404 like missing; an illegal transition 409; a forbidden one 403."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.core.errors import NotFound
from rencai.talents.models import Talent

from .. import clock, selectors, services
from .serializers import (
    AssignSchoolSerializer,
    EnrolChildSerializer,
    EnrolmentCreateSerializer,
    EnrolmentDetailSerializer,
    EnrolmentNoteSerializer,
    EnrolmentQuerySerializer,
    EnrolmentSerializer,
    NotPlacedSerializer,
)


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _transition(request_serializer):
    return extend_schema(
        request=request_serializer,
        responses={200: EnrolmentDetailSerializer, **error_responses(400, 403, 404, 409)},
    )


@extend_schema(tags=["enrolments"])
class EnrolmentViewSet(viewsets.GenericViewSet):
    """Children's enrolment cases, scoped to the caller (ROLES.md)."""

    serializer_class = EnrolmentSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.cases_for_actor(self.request.user)

    def _detail(self, pk, *, code=status.HTTP_200_OK) -> Response:
        case = selectors.get_case_for_actor(self.request.user, pk)
        data = EnrolmentDetailSerializer(case, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(
        parameters=[EnrolmentQuerySerializer],
        responses={200: EnrolmentSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        params = query_params(request, EnrolmentQuerySerializer)
        filters = selectors.CaseFilters(**{k: v for k, v in params.items() if v is not None})
        cases = selectors.search_cases(request.user, filters, today=clock.today())
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(EnrolmentSerializer(page, many=True).data)

    @extend_schema(responses={200: EnrolmentDetailSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=EnrolmentCreateSerializer,
        responses={201: EnrolmentDetailSerializer, **error_responses(400, 403, 404, 409)},
        description="The talent requests follow-up for one of their children (for themself).",
    )
    def create(self, request):
        data = _validated(EnrolmentCreateSerializer, request)
        talent = Talent.objects.filter(user_id=request.user.pk).first()
        if talent is None:
            raise NotFound("Not found.")
        case = services.request_enrolment(
            talent,
            services.get_child(talent, data["child"]),
            actor=request.user,
            stage=data["stage"],
            school_year=data.get("school_year"),
            preferred_schools=data["preferred_schools"],
            confirmed=data["confirmed"],
            note=data["note"],
        )
        return self._detail(case.pk, code=status.HTTP_201_CREATED)

    @_transition(EnrolmentNoteSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        case = selectors.get_case_for_actor(request.user, pk)
        data = _validated(EnrolmentNoteSerializer, request)
        services.review_case(case, actor=request.user, note=data["note"])
        return self._detail(pk)

    @_transition(AssignSchoolSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = selectors.get_case_for_actor(request.user, pk)
        data = _validated(AssignSchoolSerializer, request)
        services.assign_school(case, actor=request.user, school=data["school"], note=data["note"])
        return self._detail(pk)

    @_transition(EnrolChildSerializer)
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        case = selectors.get_case_for_actor(request.user, pk)
        data = _validated(EnrolChildSerializer, request)
        services.enrol_child(case, actor=request.user, on=data["enrolled_on"], note=data["note"])
        return self._detail(pk)

    @_transition(NotPlacedSerializer)
    @action(detail=True, methods=["post"])
    def not_place(self, request, pk=None):
        case = selectors.get_case_for_actor(request.user, pk)
        data = _validated(NotPlacedSerializer, request)
        services.close_not_placed(case, actor=request.user, reason=data["reason"])
        return self._detail(pk)
