"""Admin for the desk's configuration: approval steps and budgets (audited, like every admin
write). Cases, their events and payments are read-only here: they change only through the
services, which check the workflow, the budget and the one-live-case rule."""

from __future__ import annotations

from django.contrib import admin

from rencai.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Application, ApplicationEvent, ApprovalStep, Budget, Disbursement


@admin.register(ApprovalStep)
class ApprovalStepAdmin(AuditedAdmin):
    list_display = ["benefit", "order", "organisation", "clerk_may_approve"]
    list_filter = ["clerk_may_approve"]
    list_select_related = ["benefit", "organisation"]
    autocomplete_fields: list = []


@admin.register(Budget)
class BudgetAdmin(AuditedAdmin):
    """Amounts only: committed and spent move with approvals and payments."""

    list_display = ["benefit", "year", "department", "amount_fen", "committed_fen", "spent_fen"]
    list_filter = ["year"]
    list_select_related = ["benefit", "department"]
    readonly_fields = ["committed_fen", "spent_fen"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or (obj.committed_fen == 0 and obj.spent_fen == 0)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["id", "benefit", "talent_id", "channel", "state", "created_at", "decided_at"]
    list_filter = ["state", "channel"]
    list_select_related = ["benefit"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["application_id", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["actor"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["application_id", "instalment", "amount_fen", "paying_department", "paid_on"]
    list_select_related = ["paying_department"]
