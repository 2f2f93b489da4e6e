"""Desk API: cases (/applications/), their transitions, documents, queue and report
(payments and budgets: `payments.py`).

Thin: an input serializer validates, a service acts (checking permission, auditing,
notifying), an output serializer renders. Out of scope answers 404 like missing; an illegal
transition 409 with code `illegal_transition`; a forbidden one 403. POSTs accept an
`Idempotency-Key` header: the same user sending the same key gets the same result, once.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from rencai.core.api.pagination import paginated
from rencai.core.api.parsers import JSONParser
from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params, referenced
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.models import Organisation
from rencai.policies.models import Benefit
from rencai.talents.selectors import get_talent_for_actor

from .. import permissions, selectors, services, timing
from ..actions import ACTIONS
from ..downloads import document_response
from ..instalments import instalments_of
from .common import get_or_400, idempotency_key, validated
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationQuerySerializer,
    ApplicationSerializer,
    BulkApproveSerializer,
    BulkResultSerializer,
    ChecklistItemSerializer,
    DocumentSeenSerializer,
    DocumentUploadSerializer,
    OutreachCasesSerializer,
    QueueQuerySerializer,
    QueueSerializer,
    ReportQuerySerializer,
    ReportSerializer,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=str(
        _("Send the same key again (same user) to repeat a request safely: it acts once.")
    ),
)


def _transition(request_serializer, *, errors=(400, 403, 404, 409), description=""):
    return extend_schema(
        request=request_serializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: ApplicationDetailSerializer, **error_responses(*errors)},
        description=description,
    )


def _transition_endpoint(name: str, *, check=None):
    """The POST of one case action: `/applications/<id>/<name>/`."""
    transition = ACTIONS[name]

    def endpoint(self, request, pk=None):
        return self._act(request, pk, name, check)

    endpoint.__name__ = "return_" if name == "return" else name
    endpoint = action(detail=True, methods=["post"], url_path=name, url_name=name)(endpoint)
    return _transition(transition.serializer, description=transition.description)(endpoint)


@extend_schema(tags=["applications"])
class ApplicationViewSet(viewsets.GenericViewSet):
    """Cases at the one-window desk, scoped to the caller (ROLES.md)."""

    serializer_class = ApplicationSerializer
    filter_backends: list = []
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return selectors.applications_for_actor(self.request.user)

    def _detail(self, pk, *, code=status.HTTP_200_OK) -> Response:
        case = selectors.get_application_for_actor(self.request.user, pk)
        data = ApplicationDetailSerializer(case, context={"request": self.request}).data
        return Response(data, status=code)

    def _act(self, request, pk, name: str, check=None) -> Response:
        """One case action of the table (`desk/actions.py`) on its serializer's input."""
        case = selectors.get_application_for_actor(request.user, pk)
        transition = ACTIONS[name]
        data = validated(transition.serializer, request)
        key = idempotency_key(request)
        if check is not None:
            check(case, data, key)
        transition.perform(case, request.user, data, key)
        return self._detail(pk)

    @extend_schema(
        parameters=[ApplicationQuerySerializer],
        responses={200: ApplicationSerializer(many=True), **error_responses(400)},
    )
    def list(self, request):
        filters = selectors.ApplicationFilters(**query_params(request, ApplicationQuerySerializer))
        cases = selectors.search_applications(request.user, filters)
        page = self.paginate_queryset(cases)
        context = {"request": request, "late_by": timing.working_days_late(page)}
        data = ApplicationSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(responses={200: ApplicationDetailSerializer, **error_responses(404)})
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=ApplicationCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ApplicationDetailSerializer,
            200: OpenApiResponse(
                ApplicationDetailSerializer, description="The same Idempotency-Key again."
            ),
            **error_responses(400, 403, 404, 409),
        },
        description="Open a case (submitted, or a draft with submit=false).",
    )
    def create(self, request):
        data = validated(ApplicationCreateSerializer, request)
        key = idempotency_key(request)
        talent = referenced("talent", lambda: get_talent_for_actor(request.user, data["talent"]))
        benefit = get_or_400(Benefit, data["benefit"], "benefit")
        point = data.get("service_point")
        case = services.open_application(
            talent,
            benefit,
            actor=request.user,
            channel=data.get("channel"),
            service_point=get_or_400(Organisation, point, "service_point") if point else None,
            confirmed=data["confirmed"],
            payee_account=data.get("payee_account", ""),
            submit=data["submit"],
            idempotency_key=key,
        )
        replayed = getattr(case, "replayed", False)
        return self._detail(case.pk, code=status.HTTP_200_OK if replayed else 201)

    # --- transitions ----------------------------------------------------------------------

    submit = _transition_endpoint("submit")
    resubmit = _transition_endpoint("resubmit")
    accept = _transition_endpoint("accept")
    return_ = _transition_endpoint("return")
    withdraw = _transition_endpoint("withdraw")
    approve = _transition_endpoint("approve")
    reject = _transition_endpoint("reject")
    disburse = _transition_endpoint(
        "disburse", check=lambda case, d, key: _instalment_named(case, d.get("instalment"), key)
    )
    close = _transition_endpoint("close")

    # --- documents ------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses={200: ChecklistItemSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: ChecklistItemSerializer(many=True), **error_responses(400, 403, 404)},
        description="Upload a checklist document (PDF, JPEG or PNG, at most 10 MB).",
    )
    @action(detail=True, methods=["get", "post"])
    def documents(self, request, pk=None):
        case = selectors.get_application_for_actor(request.user, pk)
        code = status.HTTP_200_OK
        if request.method == "POST":
            data = validated(DocumentUploadSerializer, request)
            services.upload_document(
                case, actor=request.user, code=data["code"], upload=data["file"]
            )
            code = status.HTTP_201_CREATED
        return paginated(self, selectors.checklist(case), ChecklistItemSerializer, status=code)

    @extend_schema(
        request=DocumentSeenSerializer,
        responses={200: ChecklistItemSerializer(many=True), **error_responses(400, 403, 404)},
        description="Tick that the original of a checklist document was seen at the window.",
    )
    @action(detail=True, methods=["post"], url_path="document-seen")
    def document_seen(self, request, pk=None):
        case = selectors.get_application_for_actor(request.user, pk)
        data = validated(DocumentSeenSerializer, request)
        services.mark_document_seen(case, actor=request.user, code=data["code"], seen=data["seen"])
        return paginated(self, selectors.checklist(case), ChecklistItemSerializer)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(404),
        }
    )
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<code>[\w-]+)")
    def document(self, request, pk=None, code=None) -> HttpResponse:
        return document_response(request.user, pk, code)

    # --- many cases -----------------------------------------------------------------------

    @extend_schema(
        request=BulkApproveSerializer,
        responses={200: BulkResultSerializer(many=True), **error_responses(400, 404)},
        description="Approve many cases; each is checked, audited and notified on its own.",
    )
    # The results of a POST are not paged (a page 2 could not be fetched without approving
    # again): this action and open-outreach answer plain lists, and say so in the schema.
    @action(detail=False, methods=["post"], url_path="bulk-approve", pagination_class=None)
    def bulk_approve(self, request):
        data = validated(BulkApproveSerializer, request)
        wanted = sorted(set(data["applications"]))
        cases = list(self.get_queryset().filter(pk__in=wanted))
        if len(cases) != len(wanted):  # a case named in the body: a field error, not a 404
            raise ValidationError({"applications": [_("Not found.")]})
        results = services.bulk_approve(cases, actor=request.user, note=data["note"])
        return Response(BulkResultSerializer(results, many=True).data)

    @extend_schema(
        request=OutreachCasesSerializer,
        responses={201: ApplicationSerializer(many=True), **error_responses(400, 403, 404)},
        description="Open cases for a 免申即享 benefit's pending entitlements found by outreach.",
    )
    @action(detail=False, methods=["post"], url_path="open-outreach", pagination_class=None)
    def open_outreach(self, request):
        data = validated(OutreachCasesSerializer, request)
        benefit = get_or_400(Benefit, data["benefit"], "benefit")
        opened = services.open_cases_for_pending_entitlements(benefit, actor=request.user)
        data = ApplicationSerializer(opened, many=True, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[QueueQuerySerializer],
        responses={200: QueueSerializer, **error_responses(400, 403)},
        description="Open cases by urgency: overdue, due by the end of the next working day, "
        "later, without a target.",
    )
    @action(detail=False, methods=["get"])
    def queue(self, request):
        if not permissions.can_view_reports(request.user):
            raise PermissionDenied(_("You may not see the queues."))
        params = query_params(request, QueueQuerySerializer)
        queue = selectors.queue_for_actor(request.user, department=params.get("department"))
        context = {"request": request, "late_by": queue.late_by}
        data: dict[str, Any] = {
            "overdue_count": len(queue.overdue),
            "due_this_week": queue.due_this_week,
        }
        for name in ("overdue", "due_soon", "later", "no_target"):
            cases = getattr(queue, name)
            data[name] = ApplicationSerializer(cases, many=True, context=context).data
        return Response(data)

    @extend_schema(
        parameters=[ReportQuerySerializer],
        responses={200: ReportSerializer, **error_responses(400, 403)},
        description="Median and 90th percentile handling times per benefit and per service "
        "point, and the share within target (minutes or working days).",
    )
    @action(detail=False, methods=["get"], url_path="handling-report")
    def handling_report(self, request):
        params = query_params(request, ReportQuerySerializer)
        report = selectors.handling_report(request.user, **params)
        return Response(ReportSerializer(report).data)


def _instalment_named(case, instalment: int | None, key: str) -> int | None:
    """A retried request must not pay the next month too: for a benefit paid in instalments,
    the client names the instalment or sends an Idempotency-Key."""
    if instalment is None and not key and instalments_of(case.benefit) > 1:
        message = _("Name the instalment, or send an Idempotency-Key, for a monthly benefit.")
        raise DomainError(message, code="instalment_required", fields={"instalment": [message]})
    return instalment
