"""Tech projects API serializers: projects, ranked candidates, proposals; inputs for posting,
proposing, answering and outcomes. Money in yuan (strings) at the edges."""

from __future__ import annotations

from rest_framework import serializers

from rencai.core.api.fields import IdField, RefField, YuanField
from rencai.core.models import Division, Organisation

from ..choices import OutcomeKind, ProjectField
from ..models import Outcome, Proposal, TechProject
from ..selectors import shared_view


class TechProjectSerializer(serializers.ModelSerializer):
    budget = YuanField(source="budget_fen", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = TechProject
        fields = [
            "id",
            "title",
            "need",
            "field",
            "budget",
            "organisation",
            "organisation_name",
            "county",
            "status",
            "posted_on",
            "closed_on",
            "first_proposed_on",
        ]


class TechProjectCreateSerializer(serializers.Serializer):
    organisation = RefField(
        queryset=Organisation.objects.filter(kind__in=["enterprise", "institution"])
    )
    title = serializers.CharField(max_length=100)
    need = serializers.CharField(max_length=2000)
    field = serializers.ChoiceField(choices=ProjectField.choices)
    budget = YuanField(required=False)
    county = RefField(queryset=Division.objects.filter(level="county"), required=False)


class CandidateSerializer(serializers.Serializer):
    talent = serializers.IntegerField(source="talent.pk")
    name = serializers.CharField(source="talent.name")
    major = serializers.CharField(source="talent.major")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    proposal = serializers.IntegerField(source="proposal.pk", allow_null=True, default=None)


class OutcomeSerializer(serializers.ModelSerializer):
    amount = YuanField(source="amount_fen", read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "kind", "recorded_on", "amount", "note"]


class SharedTalentSerializer(serializers.Serializer):
    """What the enterprise sees of a proposed talent: the name and what they share."""

    name = serializers.CharField()
    major = serializers.CharField(required=False)
    degree = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    employer = serializers.CharField(required=False)
    profile = serializers.CharField(required=False)


class ProposalSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)
    talent = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "project",
            "project_title",
            "talent",
            "score",
            "reasons",
            "status",
            "talent_answer",
            "enterprise_answer",
            "proposed_on",
            "accepted_on",
            "closed_on",
            "note",
            "outcomes",
        ]

    def get_talent(self, proposal) -> SharedTalentSerializer:
        return SharedTalentSerializer(shared_view(proposal.talent)).data


class ProposeSerializer(serializers.Serializer):
    talent = IdField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ProposalNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class OutcomeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    on = serializers.DateField(required=False)
    amount = YuanField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
