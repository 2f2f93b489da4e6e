"""Admin: administrators extend the LPR table and edit loan products (audited); loans change
only through their steps, so the admin shows them read-only."""

from django.contrib import admin

from rencai.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Loan, LoanEvent, LoanProduct, LprRate


@admin.register(LprRate)
class LprRateAdmin(AuditedAdmin):
    list_display = ["effective_from", "rate_bp", "note"]


@admin.register(LoanProduct)
class LoanProductAdmin(AuditedAdmin):
    list_display = ["code", "name", "borrower_kind", "max_amount_fen", "max_term_months"]
    filter_horizontal = ["banks"]


class LoanEventInline(admin.TabularInline):
    model = LoanEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "actor", "note", "created_at", "working_days"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "talent", "bank", "product", "amount_fen", "state", "disbursed_on"]
    list_filter = ["state", "bank", "product"]
    inlines = [LoanEventInline]
