"""/api/v1/talents/{id}/eligibility/ and /api/v1/benefits/{id}/simulate/.

The eligibility explanation is one talent's policy pack: every benefit in force, its outcome,
reasons, amount and the full trace; 404 for a talent outside the caller's scope. The
simulation is counts by county and tier (no one's data) for the draft, or a rule and amount
posted, against the version in force.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from rencai.core import clock
from rencai.core.api.fields import YuanField
from rencai.core.api.schema import error_responses
from rencai.core.api.views import query_params
from rencai.talents.selectors import get_talent_for_actor

from .. import permissions, selectors
from ..choices import EligibilityOutcome
from ..evaluation import amount_errors, rule_errors, talent_for_actor_evaluation
from ..pack import BenefitOutcome, policy_pack
from ..privacy import private_facts_for
from ..services.entitlements import plain_explanation, translated_text
from ..simulation import Cell, simulate

_yuan = YuanField().to_representation
YUAN = {"allow_null": True, "read_only": True}


class OnQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Evaluation date; default today."))


class BenefitOutcomeSerializer(serializers.Serializer):
    benefit = serializers.DictField()
    version = serializers.DictField()
    outcome = serializers.ChoiceField(choices=list(EligibilityOutcome.values))
    outcome_label = serializers.CharField()
    amount = YuanField(**YUAN)
    months = serializers.IntegerField(allow_null=True)
    total = YuanField(**YUAN)
    to_confirm = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    held = serializers.DictField(allow_null=True)
    blocked_by = serializers.DictField(allow_null=True)
    explanation = serializers.DictField()


class EligibilitySerializer(serializers.Serializer):
    talent = serializers.DictField()
    on = serializers.DateField()
    open_total = YuanField(read_only=True)
    benefits = BenefitOutcomeSerializer(many=True)


def _entitlement(entitlement) -> dict | None:
    if entitlement is None:
        return None
    return {
        "id": entitlement.pk,
        "benefit": entitlement.benefit.code,
        "state": entitlement.state,
        "amount": _yuan(entitlement.amount_fen),
    }


def outcome_json(item: BenefitOutcome, text: Callable[[Any], str] = str) -> dict:
    return {
        "benefit": {"id": item.benefit.pk, "code": item.benefit.code, "name": item.benefit.name},
        "version": {
            "id": item.version.pk,
            "number": item.version.number,
            "effective_from": item.version.effective_from.isoformat(),
        },
        "outcome": item.outcome,
        "outcome_label": text(EligibilityOutcome(item.outcome).label),  # item.label, memoised
        "amount": _yuan(item.amount_fen),
        "months": item.months,
        "total": _yuan(item.total_fen),
        "to_confirm": item.to_confirm,
        "reasons": item.reasons,
        "missing": item.missing,
        "held": _entitlement(item.held),
        "blocked_by": _entitlement(item.blocking),
        "explanation": plain_explanation(item.explanation, text),
    }


class TalentEligibilityView(APIView):
    """Every benefit in force for one talent: outcome, reasons, amount and the full trace."""

    @extend_schema(
        tags=["eligibility"],
        parameters=[OnQuerySerializer],
        responses={200: EligibilitySerializer, **error_responses(400, 404)},
        operation_id="talents_eligibility_retrieve",
    )
    def get(self, request, pk: int):
        try:
            on = query_params(request, OnQuerySerializer).get("on") or clock.today()
        except ValidationError:
            get_talent_for_actor(request.user, pk)  # a talent out of scope is 404 first
            raise
        # One load: the visibility check reads the talent with every fact for `on`.
        talent = talent_for_actor_evaluation(request.user, pk, on)
        hide = private_facts_for(request.user, talent)
        pack = policy_pack(talent.pk, on, hide=hide, subject=talent)
        text = translated_text()  # each fact's label translated once, not per condition
        return Response(
            {
                "talent": {"id": talent.pk, "name": talent.name},
                "on": on.isoformat(),
                "open_total": _yuan(pack.open_total_fen),
                "benefits": [outcome_json(item, text) for item in pack.items],
            }
        )


class SimulationInputSerializer(serializers.Serializer):
    rule = serializers.JSONField(required=False, help_text=_("Default: the draft's rule."))
    amount = serializers.JSONField(required=False, help_text=_("Default: the draft's amount."))


class CellSerializer(serializers.Serializer):
    talents = serializers.IntegerField()
    now = serializers.IntegerField(help_text=_("Qualify under the version in force."))
    draft = serializers.IntegerField(help_text=_("Qualify under the draft."))
    gained = serializers.IntegerField()
    lost = serializers.IntegerField()
    cost_now = YuanField(read_only=True, allow_null=True)
    cost_draft = YuanField(read_only=True, allow_null=True)
    cost_change = YuanField(read_only=True, allow_null=True)


class RowSerializer(CellSerializer):
    county_code = serializers.CharField()
    county = serializers.CharField()
    tier_code = serializers.CharField(help_text=_("Empty: no tier."))
    tier = serializers.CharField()


class SimulationSerializer(serializers.Serializer):
    benefit = serializers.DictField()
    current_version = serializers.IntegerField(allow_null=True)
    on = serializers.DateField()
    total = CellSerializer()
    rows = RowSerializer(many=True)


def _cell(cell: Cell) -> dict:
    return {
        "talents": cell.talents,
        "now": cell.now,
        "draft": cell.draft,
        "gained": cell.gained,
        "lost": cell.lost,
        "cost_now": _yuan(cell.cost_now),
        "cost_draft": _yuan(cell.cost_draft),
        "cost_change": _yuan(cell.cost_change),
    }


class BenefitSimulationView(APIView):
    """The draft (GET) or a posted rule and amount (POST) against the version in force."""

    def _respond(self, request, pk, rule=None, amount=None):
        benefit = selectors.get_benefit(pk)
        if not permissions.can_simulate(request.user, benefit):
            raise PermissionDenied
        if rule is None and selectors.draft_of(benefit) is None:
            raise ValidationError({"rule": [_("There is no draft: post a rule to simulate.")]})
        result = simulate(benefit, actor=request.user, rule=rule, amount=amount)
        rows = [
            {
                **_cell(row),
                "county_code": row.county_code,
                "county": row.county,
                "tier_code": row.tier_code,
                "tier": row.tier,
            }
            for row in result.rows
        ]
        return Response(
            {
                "benefit": {"id": benefit.pk, "code": benefit.code, "name": benefit.name},
                "current_version": result.current.number if result.current else None,
                "on": result.on.isoformat(),
                "total": _cell(result.total),
                "rows": rows,
            }
        )

    @extend_schema(
        tags=["benefits"],
        responses={200: SimulationSerializer, **error_responses(400, 403, 404)},
        operation_id="benefits_simulate_retrieve",
    )
    def get(self, request, pk: int):
        return self._respond(request, pk)

    @extend_schema(
        tags=["benefits"],
        request=SimulationInputSerializer,
        responses={200: SimulationSerializer, **error_responses(400, 403, 404)},
        operation_id="benefits_simulate_create",
    )
    def post(self, request, pk: int):
        serializer = SimulationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = serializer.validated_data.get("rule")
        amount = serializer.validated_data.get("amount")
        errors = {}
        if rule is not None and (messages := rule_errors(rule) if rule else []):
            errors["rule"] = messages
        if amount is not None and (messages := amount_errors(amount or {"kind": "none"})):
            errors["amount"] = messages
        if errors:
            raise ValidationError(errors)
        return self._respond(request, pk, rule=rule, amount=amount)
