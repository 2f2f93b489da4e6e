from django.contrib import admin

from .models import Loan, LoanEvent, LoanProduct, LprRate


@admin.register(LprRate)
class LprRateAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "rate_bp", "note"]


@admin.register(LoanProduct)
class LoanProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "borrower_kind", "max_amount_fen", "max_term_months"]
    filter_horizontal = ["banks"]


class LoanEventInline(admin.TabularInline):
    model = LoanEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "actor", "note", "created_at"]
    can_delete = False


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    """Read-only: loans change through their steps (services), never by hand."""

    list_display = ["pk", "talent", "bank", "product", "amount_fen", "state", "disbursed_on"]
    list_filter = ["state", "bank", "product"]
    inlines = [LoanEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
