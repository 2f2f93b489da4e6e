"""Finance API serializers: banks, loan products, loans, the subsidy schedule; inputs for
the application and each step. Money in yuan (strings) at the edges, rates in bp."""

from __future__ import annotations

from rest_framework import serializers

from rencai.core.api.fields import IdField, RefField, YuanField
from rencai.core.masking import mask_id_number
from rencai.core.models import Organisation

from ..models import Loan, LoanProduct


class BankSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code")

    class Meta:
        model = Organisation
        fields = ["id", "name", "code", "division"]


class LoanProductSerializer(serializers.ModelSerializer):
    max_amount = YuanField(source="max_amount_fen", read_only=True)
    benefit = serializers.CharField(source="benefit.code")
    guarantor = serializers.CharField(source="guarantor.name")
    banks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = LoanProduct
        fields = [
            "id",
            "code",
            "name",
            "borrower_kind",
            "benefit",
            "guarantor",
            "banks",
            "max_amount",
            "max_term_months",
            "repayment",
            "rate_cap_spread_bp",
            "borrower_spread_bp",
            "max_subsidised_loans",
            "day_count",
            "settlement_day",
            "settlement_months",
            "rounding",
            "target_documents_days",
            "target_guarantee_days",
            "target_approval_days",
            "target_contract_days",
            "target_disbursement_days",
            "is_example",
        ]


class LoanSerializer(serializers.ModelSerializer):
    amount = YuanField(source="amount_fen", read_only=True)
    fund_paid = YuanField(source="fund_paid_fen", allow_null=True, read_only=True)
    talent_name = serializers.CharField(source="talent.name")
    id_number = serializers.SerializerMethodField()
    county = serializers.CharField(source="county.code")

    class Meta:
        model = Loan
        fields = [
            "id",
            "talent",
            "talent_name",
            "id_number",
            "borrower_organisation",
            "product",
            "bank",
            "guarantor",
            "county",
            "channel",
            "state",
            "amount",
            "term_months",
            "purpose",
            "reason",
            "applied_at",
            "step_due_at",
            "approved_at",
            "approval_hours",
            "approval_working_days",
            "contract_date",
            "lpr_bp",
            "contract_rate_bp",
            "borrower_rate_bp",
            "subsidy_slot",
            "disbursed_on",
            "maturity_date",
            "disbursement_working_days",
            "extended_to",
            "overdue_since",
            "ended_on",
            "end_reason",
            "fund_paid",
        ]

    def get_id_number(self, loan) -> str:
        return mask_id_number(loan.talent.id_number)


class LoanCreateSerializer(serializers.Serializer):
    talent = IdField()
    product = RefField(queryset=LoanProduct.objects.all())
    bank = RefField(queryset=Organisation.objects.filter(kind="bank"))
    amount = YuanField(help_text="Yuan, e.g. 150000.00.")
    term_months = serializers.IntegerField(min_value=1, max_value=120)
    borrower_organisation = RefField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True)
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )


class LoanReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class LoanNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class LoanDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class ContractSerializer(serializers.Serializer):
    contract_date = serializers.DateField(required=False)
    rate_bp = serializers.IntegerField(required=False, min_value=1, max_value=3000)


class DefaultSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    fund_paid = YuanField()


class OverdueSerializer(serializers.Serializer):
    since = serializers.DateField()


class ExtendSerializer(serializers.Serializer):
    to = serializers.DateField()


class PeriodSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField()
    principal = YuanField(source="principal_fen", read_only=True)
    rate_bp = serializers.IntegerField()
    borrower_rate_bp = serializers.IntegerField()
    interest = YuanField(source="interest_fen", read_only=True)
    borrower_part = YuanField(source="borrower_fen", read_only=True)
    government_part = YuanField(source="government_fen", read_only=True)
    subsidised = serializers.BooleanField()
    why_not = serializers.CharField()
