"""Desk API shapes. Input serializers check shape only (services hold the rules); output
serializers render, with identity numbers and payee accounts masked. Money is yuan as a
decimal string with two places ("30000.00")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core import clock
from rencai.core.api.fields import IdField, YuanField
from rencai.core.api.serializers import DivisionRefSerializer, OrganisationRefSerializer
from rencai.core.masking import mask_id_number
from rencai.policies.api.serializers import BenefitRefSerializer
from rencai.policies.privacy import private_facts_for, withhold_stored

from .. import permissions, selectors, timing, workflow
from ..choices import ApplicationState, Channel
from ..models import Application, ApplicationEvent, Budget, Disbursement, StepApproval
from ..selectors import checklist
from ..services.payments import mask_account


class CaseTalentSerializer(serializers.Serializer):
    """The talent of a case: name and masked identity number (reveal is the talent API's)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text=_("Masked."))

    def get_id_number(self, talent) -> str:
        return mask_id_number(talent.id_number)


class DeskUserSerializer(serializers.Serializer):
    """A member of staff: null for a talent, whose own case page names no one either."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")

    def to_representation(self, instance):
        request = self.context.get("request")
        if request is None or not permissions.may_see_staff_names(request.user):
            return None
        return super().to_representation(instance)


class ApplicationSerializer(serializers.ModelSerializer):
    """A case as listed: who, what, where, its state, amount, times."""

    number = serializers.CharField(
        read_only=True, help_text=_("The public case number, e.g. HG2022-000123.")
    )
    talent = CaseTalentSerializer(read_only=True)
    benefit = BenefitRefSerializer(read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    department = OrganisationRefSerializer(read_only=True)
    county = DivisionRefSerializer(read_only=True)
    service_point = OrganisationRefSerializer(read_only=True, allow_null=True)
    clerk = DeskUserSerializer(read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    amount = YuanField(source="amount_fen", read_only=True)
    payee_account = serializers.SerializerMethodField(help_text=_("Masked."))
    overdue = serializers.SerializerMethodField()
    working_days_late = serializers.SerializerMethodField(
        help_text=_("Working days after the deadline's day, for an overdue case; else null.")
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "talent",
            "benefit",
            "version",
            "department",
            "county",
            "channel",
            "channel_label",
            "service_point",
            "clerk",
            "state",
            "state_label",
            "step",
            "amount",
            "payee_account",
            "reason",
            "confirmed",
            "opened_at",
            "submitted_at",
            "decided_at",
            "closed_at",
            "due_at",
            "overdue",
            "working_days_late",
            "handling_seconds",
            "handling_working_days",
            "created_at",
            "updated_at",
        ]

    def get_payee_account(self, case: Application) -> str:
        return mask_account(case.payee_account)

    def get_working_days_late(self, case: Application) -> int | None:
        """From the view's bulk count (`late_by`) where it gave one, else for this case."""
        late = self.context.get("late_by")
        if late is not None:
            return late.get(case.pk)
        return timing.working_days_late([case], self.context.setdefault("now", clock.now())).get(
            case.pk
        )

    def get_overdue(self, case: Application) -> bool:
        now = self.context.setdefault("now", clock.now())
        return bool(case.state in workflow.OPEN_STATES and case.due_at and case.due_at < now)


class EventSerializer(serializers.ModelSerializer):
    actor = DeskUserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ApplicationEvent
        fields = ["from_state", "to_state", "actor", "note", "created_at"]


class StepApprovalSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    decided_by = DeskUserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StepApproval
        fields = ["order", "organisation", "decision", "decided_by", "decided_at", "note"]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    seen_original = serializers.BooleanField()
    uploaded = serializers.BooleanField()
    content_type = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()

    def get_content_type(self, item) -> str:
        return item.document.content_type if item.uploaded else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_size(self, item):
        return item.document.size if item.uploaded else None


class DisbursementSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)
    talent = CaseTalentSerializer(source="application.talent", read_only=True)
    benefit = BenefitRefSerializer(source="application.benefit", read_only=True)
    amount = YuanField(source="amount_fen", read_only=True)
    payee_account = serializers.SerializerMethodField(help_text=_("Masked."))
    paying_department = OrganisationRefSerializer(read_only=True)
    recorded_by = DeskUserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "application",
            "talent",
            "benefit",
            "instalment",
            "amount",
            "payee_account",
            "paying_department",
            "paid_on",
            "recorded_by",
            "created_at",
        ]

    def get_payee_account(self, payment: Disbursement) -> str:
        return mask_account(payment.payee_account)


class DisbursementRefSerializer(DisbursementSerializer):
    class Meta(DisbursementSerializer.Meta):
        fields = ["id", "instalment", "amount", "payee_account", "paid_on"]


class ApplicationDetailSerializer(ApplicationSerializer):
    """A case with its eligibility explanations, history, steps, documents and payments, and
    the actions the caller may take now."""

    explanation = serializers.SerializerMethodField()
    decision_explanation = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    disbursements = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "explanation",
            "decision_explanation",
            "allowed_actions",
            "events",
            "approvals",
            "documents",
            "disbursements",
        ]

    @extend_schema_field(serializers.JSONField())
    def get_explanation(self, case: Application):
        return withhold_stored(case.explanation or {}, private_facts_for(self._user, case.talent))

    @extend_schema_field(serializers.JSONField())
    def get_decision_explanation(self, case: Application):
        stored = case.decision_explanation or {}
        return withhold_stored(stored, private_facts_for(self._user, case.talent))

    @property
    def _user(self):
        return self.context["request"].user

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, case: Application):
        return permissions.allowed_actions(self._user, case)

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, case: Application):
        return EventSerializer(selectors.case_history(case), many=True, context=self.context).data

    @extend_schema_field(StepApprovalSerializer(many=True))
    def get_approvals(self, case: Application):
        approvals = selectors.step_approvals(case)
        return StepApprovalSerializer(approvals, many=True, context=self.context).data

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_documents(self, case: Application):
        return ChecklistItemSerializer(checklist(case), many=True).data

    @extend_schema_field(DisbursementRefSerializer(many=True))
    def get_disbursements(self, case: Application):
        payments = case.disbursements.order_by("instalment")
        return DisbursementRefSerializer(payments, many=True).data


class BudgetSerializer(serializers.ModelSerializer):
    benefit = BenefitRefSerializer(read_only=True)
    department = OrganisationRefSerializer(read_only=True)
    amount = YuanField(source="amount_fen", read_only=True)
    committed = YuanField(source="committed_fen", read_only=True)
    spent = YuanField(source="spent_fen", read_only=True)
    remaining = YuanField(source="remaining_fen", read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "benefit",
            "year",
            "department",
            "amount",
            "committed",
            "spent",
            "remaining",
        ]


class BulkResultSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    ok = serializers.BooleanField()
    state = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    number = serializers.CharField()


class QueueSerializer(serializers.Serializer):
    overdue_count = serializers.IntegerField()
    due_this_week = serializers.IntegerField(
        help_text=_("Open cases not overdue, due by the end of this Sunday.")
    )
    overdue = ApplicationSerializer(many=True)
    due_soon = ApplicationSerializer(many=True)
    later = ApplicationSerializer(many=True)
    no_target = ApplicationSerializer(many=True)


class ReportRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    median = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    p90 = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    within_target = serializers.IntegerField()
    with_target = serializers.IntegerField()
    share_within_target = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)


class ReportSerializer(serializers.Serializer):
    by_benefit = ReportRowSerializer(many=True)
    by_service_point = ReportRowSerializer(many=True)


# --- input --------------------------------------------------------------------------------


class ApplicationCreateSerializer(serializers.Serializer):
    talent = IdField()
    benefit = IdField()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text=_("window or station (clerks), online (talents); default from the role."),
    )
    service_point = IdField(required=False, allow_null=True)
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    payee_account = serializers.CharField(max_length=40, required=False, allow_blank=True)
    submit = serializers.BooleanField(
        required=False, default=True, help_text=_("False: keep the case as a draft.")
    )

    def validate_channel(self, value):
        if value == Channel.OUTREACH:
            raise serializers.ValidationError(
                _("Cases without application are opened from outreach.")
            )
        return value


class ApplicationQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ApplicationState.choices, required=False)
    benefit = IdField(required=False)
    department = IdField(required=False)
    county = IdField(required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    service_point = IdField(required=False)
    talent = IdField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    number = serializers.CharField(
        required=False, max_length=20, help_text=_("The public case number (exact).")
    )


class BulkApproveSerializer(serializers.Serializer):
    applications = serializers.ListField(child=IdField(), min_length=1, max_length=500)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OutreachCasesSerializer(serializers.Serializer):
    benefit = IdField()


class DocumentUploadSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=50)
    file = serializers.FileField()


class DocumentSeenSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=50)
    seen = serializers.BooleanField(required=False, default=True)


class ReportQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    benefit = IdField(required=False)


class QueueQuerySerializer(serializers.Serializer):
    department = IdField(required=False)


class LedgerQuerySerializer(ReportQuerySerializer):
    department = IdField(required=False)


class BudgetQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class BudgetInputSerializer(serializers.Serializer):
    benefit = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    amount = YuanField()
