"""Admin for the desk's configuration: approval steps and budgets (audited, like every admin
write). Cases, their events and payments are read-only here: they change only through the
services, which check the workflow, the budget and the one-live-case rule. Payee bank
accounts are shown masked (***************1234): the admin is not a place to read them."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rencai.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import (
    Application,
    ApplicationEvent,
    ApprovalStep,
    Budget,
    CaseNumberPrefix,
    Disbursement,
    ServicePointEntry,
)
from .services.payments import mask_account


class MaskedAccountAdmin(ReadOnlyAdmin):
    """Read-only, with the payee's bank account masked in place of the full number."""

    exclude = ["payee_account"]
    readonly_fields = ["masked_payee_account"]

    @admin.display(description=_("payee account"))
    def masked_payee_account(self, obj) -> str:
        return mask_account(obj.payee_account)


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
class ApplicationAdmin(MaskedAccountAdmin):
    list_display = [
        "number",
        "benefit",
        "talent_id",
        "channel",
        "state",
        "created_at",
        "decided_at",
    ]
    list_filter = ["state", "channel"]
    search_fields = ["number"]
    list_select_related = ["benefit"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["application_id", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["actor"]


@admin.register(Disbursement)
class DisbursementAdmin(MaskedAccountAdmin):
    list_display = [
        "application_id",
        "instalment",
        "amount_fen",
        "masked_payee_account",
        "paying_department",
        "paid_on",
    ]
    list_select_related = ["paying_department"]


@admin.register(CaseNumberPrefix)
class CaseNumberPrefixAdmin(AuditedAdmin):
    """The letters a city's case numbers start with (HG2022-000123)."""

    list_display = ["division", "prefix"]


@admin.register(ServicePointEntry)
class ServicePointEntryAdmin(AuditedAdmin):
    """The service-point directory: address, hours, telephone, what each point handles."""

    list_display = ["organisation", "address", "hours", "telephone", "illustrative"]
    list_select_related = ["organisation"]
    list_filter = ["illustrative", "organisation__division"]
    filter_horizontal = ["benefits"]
