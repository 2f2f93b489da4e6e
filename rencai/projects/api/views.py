"""Tech projects API: /tech-projects/ (list, post, read), /tech-projects/{id}/matches/ (the
ranked candidates for staff who may; POST proposes one), /match-proposals/ (list, read, and
accept / decline / withdraw / outcome actions).

Thin: an input serializer validates, a service acts (checking permission, auditing), an
output serializer renders. Out of scope answers 404 like missing; a conflict 409; a forbidden
action 403.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rencai.core.api.pagination import paginated
from rencai.core.api.schema import error_responses
from rencai.core.errors import DomainError, PermissionDenied

from .. import permissions, selectors, services
from .serializers import (
    CandidateSerializer,
    OutcomeCreateSerializer,
    OutcomeSerializer,
    ProposalNoteSerializer,
    ProposalSerializer,
    ProposeSerializer,
    TechProjectCreateSerializer,
    TechProjectSerializer,
)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(tags=["tech projects"])
@extend_schema_view(
    retrieve=extend_schema(responses={200: TechProjectSerializer, **error_responses(404)})
)
class TechProjectViewSet(viewsets.GenericViewSet):
    """Tech projects the caller may see: the science bureau and the city all; an enterprise
    contact its organisation's; a talent those they were proposed for."""

    serializer_class = TechProjectSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.projects_for_actor(self.request.user).order_by("-posted_on", "-pk")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TechProjectSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        project = selectors.get_project_for_actor(request.user, pk)
        return Response(TechProjectSerializer(project).data)

    @extend_schema(
        request=TechProjectCreateSerializer,
        responses={201: TechProjectSerializer, **error_responses(400, 403)},
    )
    def create(self, request):
        if not permissions.can_post_project(request.user):
            raise PermissionDenied("You may not post tech projects.")
        data = _valid(TechProjectCreateSerializer, request)
        project = services.post_project(
            data["organisation"],
            actor=request.user,
            title=data["title"],
            need=data["need"],
            field=data["field"],
            budget_fen=data.get("budget") or 0,
            county=data.get("county"),
        )
        return Response(TechProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses={200: CandidateSerializer(many=True), **error_responses(403, 404)},
        description="The ranked candidates (best first, at most 20) with their matched terms.",
    )
    @extend_schema(
        methods=["POST"],
        request=ProposeSerializer,
        responses={201: ProposalSerializer, **error_responses(400, 403, 404, 409)},
        description="Propose a talent for the project (the science bureau).",
    )
    @action(detail=True, methods=["get", "post"])
    def matches(self, request, pk=None):
        actor = request.user
        project = selectors.get_project_for_actor(actor, pk)
        if request.method == "GET":
            if not permissions.can_rank(actor):
                raise PermissionDenied("You may not see the ranked candidates.")
            return paginated(self, selectors.ranked_candidates(actor, project), CandidateSerializer)
        if not permissions.can_propose(actor):
            raise PermissionDenied("Only the science bureau proposes matches.")
        data = _valid(ProposeSerializer, request)
        talent = selectors.candidates_for_actor(actor).filter(pk=data["talent"]).first()
        if talent is None:
            raise DomainError("Not found.", fields={"talent": ["Not found."]})
        proposal = services.propose_match(project, talent, actor=actor, note=data.get("note", ""))
        proposal = selectors.get_proposal_for_actor(actor, proposal.pk)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tech projects"])
@extend_schema_view(
    retrieve=extend_schema(responses={200: ProposalSerializer, **error_responses(404)})
)
class ProposalViewSet(viewsets.GenericViewSet):
    """Match proposals the caller may see; the talent and the enterprise answer them."""

    serializer_class = ProposalSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.proposals_for_actor(self.request.user).order_by("-proposed_on", "-pk")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ProposalSerializer(selectors.get_proposal_for_actor(request.user, pk)).data)

    def _answer(self, request, pk, accept: bool):
        proposal = selectors.get_proposal_for_actor(request.user, pk)
        _valid(ProposalNoteSerializer, request)
        services.answer_proposal(proposal, actor=request.user, accept=accept)
        return Response(ProposalSerializer(selectors.get_proposal_for_actor(request.user, pk)).data)

    @extend_schema(
        request=ProposalNoteSerializer,
        responses={200: ProposalSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(request, pk, True)

    @extend_schema(
        request=ProposalNoteSerializer,
        responses={200: ProposalSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(request, pk, False)

    @extend_schema(
        request=ProposalNoteSerializer,
        responses={200: ProposalSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        proposal = selectors.get_proposal_for_actor(request.user, pk)
        data = _valid(ProposalNoteSerializer, request)
        services.withdraw_proposal(proposal, actor=request.user, note=data.get("note", ""))
        return Response(ProposalSerializer(selectors.get_proposal_for_actor(request.user, pk)).data)

    @extend_schema(
        request=OutcomeCreateSerializer,
        responses={201: OutcomeSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        proposal = selectors.get_proposal_for_actor(request.user, pk)
        if not permissions.can_record_outcome(request.user, proposal):
            raise PermissionDenied("You may not record outcomes of this proposal.")
        data = _valid(OutcomeCreateSerializer, request)
        outcome = services.record_outcome(
            proposal,
            actor=request.user,
            kind=data["kind"],
            on=data.get("on"),
            amount_fen=data.get("amount") or 0,
            note=data.get("note", ""),
        )
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
