"""Finance API: /banks/, /loan-products/, /loans/ (steps as actions), /loans/{id}/schedule/.

Thin: an input serializer validates, a service acts (checking permission, auditing), an
output serializer renders. Out of scope answers 404 like missing; an illegal step 409; a
forbidden one 403.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.schema import error_responses
from rencai.core.errors import DomainError, NotFound
from rencai.core.models import Organisation
from rencai.talents.selectors import get_talent_for_actor

from .. import selectors, services, subsidy
from ..models import LoanProduct
from .serializers import (
    BankSerializer,
    ContractSerializer,
    DefaultSerializer,
    ExtendSerializer,
    LoanCreateSerializer,
    LoanDateSerializer,
    LoanNoteSerializer,
    LoanProductSerializer,
    LoanReasonSerializer,
    LoanSerializer,
    OverdueSerializer,
    PeriodSerializer,
)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def partner_banks():
    return (
        Organisation.objects.filter(kind="bank", is_active=True, loan_products__is_active=True)
        .select_related("division")
        .distinct()
        .order_by("pk")
    )


@extend_schema(tags=["loans"])
@extend_schema_view(retrieve=extend_schema(responses={200: BankSerializer, **error_responses(404)}))
class BankViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner banks: the banks offering at least one active loan product."""

    serializer_class = BankSerializer
    filter_backends: list = []

    def get_queryset(self):
        return partner_banks()


@extend_schema(tags=["loans"])
@extend_schema_view(
    retrieve=extend_schema(responses={200: LoanProductSerializer, **error_responses(404)})
)
class LoanProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Loan products with their limits, terms and the subsidy's terms."""

    serializer_class = LoanProductSerializer
    filter_backends: list = []

    def get_queryset(self):
        return (
            LoanProduct.objects.filter(is_active=True)
            .select_related("benefit", "guarantor")
            .prefetch_related("banks")
            .order_by("pk")
        )


STEP_INPUTS = {
    "check_documents": LoanNoteSerializer,
    "approve_guarantee": LoanNoteSerializer,
    "approve": LoanNoteSerializer,
    "reject": LoanReasonSerializer,
    "withdraw": LoanNoteSerializer,
    "sign_contract": ContractSerializer,
    "disburse": LoanDateSerializer,
    "repay": LoanDateSerializer,
    "record_default": DefaultSerializer,
    "record_overdue": OverdueSerializer,
    "extend": ExtendSerializer,
}


@extend_schema(tags=["loans"])
class LoanViewSet(viewsets.GenericViewSet):
    """Loans the caller may see; a bank officer sees their bank's only."""

    serializer_class = LoanSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.loans_for_actor(self.request.user).order_by("-applied_at", "-pk")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(LoanSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reveal",
                OpenApiTypes.STR,
                enum=["id"],
                description="`id`: the borrower's full identity number (audited).",
            )
        ],
        responses={200: LoanSerializer, **error_responses(403, 404)},
    )
    def retrieve(self, request, pk=None):
        loan = selectors.get_loan_for_actor(request.user, pk)
        data = LoanSerializer(loan).data
        if request.query_params.get("reveal") == "id":
            data["id_number"] = services.reveal_identity(loan, actor=request.user)
        return Response(data)

    @extend_schema(
        request=LoanCreateSerializer,
        responses={201: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request):
        data = _valid(LoanCreateSerializer, request)
        try:
            talent = get_talent_for_actor(request.user, data["talent"])
        except NotFound as exc:  # a body naming a row out of reach names the field
            raise DomainError(exc.message, fields={"talent": [str(exc.message)]}) from None
        loan = services.apply_for_loan(
            talent,
            actor=request.user,
            product=data["product"],
            bank=data["bank"],
            amount_fen=data["amount"],
            term_months=data["term_months"],
            borrower_organisation=data.get("borrower_organisation"),
            purpose=data.get("purpose", ""),
            confirmed=data.get("confirmed", []),
        )
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: PeriodSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def schedule(self, request, pk=None):
        loan = selectors.get_loan_for_actor(request.user, pk)
        return Response(PeriodSerializer(subsidy.schedule_of(loan), many=True).data)

    def _step(self, request, pk, name: str):
        loan = selectors.get_loan_for_actor(request.user, pk)
        data = _valid(STEP_INPUTS[name], request)
        actor = request.user
        if name == "reject":
            services.reject(loan, actor=actor, reason=data["reason"])
        elif name == "withdraw":
            services.withdraw(loan, actor=actor, reason=data.get("note", ""))
        elif name == "sign_contract":
            services.sign_contract(
                loan,
                actor=actor,
                contract_date=data.get("contract_date"),
                rate_bp=data.get("rate_bp"),
            )
        elif name in ("disburse", "repay"):
            getattr(services, name)(loan, actor=actor, on=data.get("on"))
        elif name == "record_default":
            services.record_default(
                loan, actor=actor, on=data.get("on"), fund_paid_fen=data["fund_paid"]
            )
        elif name == "record_overdue":
            services.record_overdue(loan, actor=actor, since=data["since"])
        elif name == "extend":
            services.extend(loan, actor=actor, to=data["to"])
        else:
            getattr(services, name)(loan, actor=actor, note=data.get("note", ""))
        return Response(LoanSerializer(loan).data)

    @extend_schema(
        request=LoanNoteSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="check-documents")
    def check_documents(self, request, pk=None):
        return self._step(request, pk, "check_documents")

    @extend_schema(
        request=LoanNoteSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="approve-guarantee")
    def approve_guarantee(self, request, pk=None):
        return self._step(request, pk, "approve_guarantee")

    @extend_schema(
        request=LoanNoteSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, "approve")

    @extend_schema(
        request=LoanReasonSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, pk, "reject")

    @extend_schema(
        request=ContractSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="sign-contract")
    def sign_contract(self, request, pk=None):
        return self._step(request, pk, "sign_contract")

    @extend_schema(
        request=LoanDateSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        return self._step(request, pk, "disburse")

    @extend_schema(
        request=LoanDateSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def repay(self, request, pk=None):
        return self._step(request, pk, "repay")

    @extend_schema(
        request=DefaultSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="record-default")
    def record_default(self, request, pk=None):
        return self._step(request, pk, "record_default")

    @extend_schema(
        request=OverdueSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="record-overdue")
    def record_overdue(self, request, pk=None):
        return self._step(request, pk, "record_overdue")

    @extend_schema(
        request=ExtendSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(request, pk, "extend")

    @extend_schema(
        request=LoanNoteSerializer,
        responses={200: LoanSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(request, pk, "withdraw")
