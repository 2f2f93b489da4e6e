"""Desk API: payments (/disbursements/, with the xlsx ledger for finance) and budgets
(/budgets/). Scoped like the cases they belong to; accounts masked."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.core.xlsx.writing import xlsx_download
from rencai.policies.models import Benefit

from .. import selectors, services
from ..exports import export_ledger
from .common import get_or_400, validated
from .serializers import (
    BudgetInputSerializer,
    BudgetQuerySerializer,
    BudgetSerializer,
    DisbursementSerializer,
    LedgerQuerySerializer,
)


@extend_schema(tags=["disbursements"])
class DisbursementViewSet(viewsets.GenericViewSet):
    """Payments of cases the caller may see; the ledger for finance as xlsx."""

    serializer_class = DisbursementSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.disbursements_for_actor(self.request.user)

    @extend_schema(
        parameters=[LedgerQuerySerializer],
        responses={200: DisbursementSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        filters = selectors.LedgerFilters(**query_params(request, LedgerQuerySerializer))
        page = self.paginate_queryset(selectors.ledger(request.user, filters))
        return self.get_paginated_response(
            DisbursementSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(responses={200: DisbursementSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        payment = selectors.get_disbursement_for_actor(request.user, pk)
        return Response(DisbursementSerializer(payment, context={"request": request}).data)

    @extend_schema(
        parameters=[LedgerQuerySerializer],
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(400, 403),
        },
        description="The ledger as an xlsx workbook (accounts masked; audited).",
    )
    @action(detail=False, methods=["get"])
    def export(self, request) -> FileResponse:
        filters = selectors.LedgerFilters(**query_params(request, LedgerQuerySerializer))
        export = export_ledger(request.user, filters)
        return xlsx_download(export.file, export.filename)


@extend_schema(tags=["budgets"])
class BudgetViewSet(viewsets.GenericViewSet):
    """Benefits' yearly budgets: amount, committed, spent and remaining, always visible to
    the departments that hold them and the task force."""

    serializer_class = BudgetSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.budgets_for_actor(self.request.user)

    @extend_schema(
        parameters=[BudgetQuerySerializer],
        responses={200: BudgetSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        year = query_params(request, BudgetQuerySerializer).get("year")
        qs = selectors.budgets_for_actor(request.user, year=year).order_by("-year", "benefit_id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(BudgetSerializer(page, many=True).data)

    @extend_schema(
        request=BudgetInputSerializer,
        responses={200: BudgetSerializer, **error_responses(400, 403, 404)},
        description="Set a benefit's budget for a year (yuan), never below committed + spent.",
    )
    def create(self, request):
        data = validated(BudgetInputSerializer, request)
        benefit = get_or_400(Benefit, data["benefit"], "benefit")
        budget = services.set_budget(
            benefit, actor=request.user, year=data["year"], amount_fen=data["amount"]
        )
        return Response(BudgetSerializer(budget).data)
