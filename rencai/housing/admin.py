from django.contrib import admin

from .models import (
    AllocationRound,
    AllocationScheme,
    Building,
    HousingApplication,
    Offer,
    RankEntry,
    Tenancy,
    TenancyRenewal,
    Unit,
    UnitStatePeriod,
)


@admin.register(AllocationScheme)
class AllocationSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from", "offer_working_days", "max_refusals"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "address", "rent_or_buy"]
    list_filter = ["county"]


class UnitStatePeriodInline(admin.TabularInline):
    model = UnitStatePeriod
    extra = 0
    readonly_fields = ["state", "started_on", "ended_on", "note", "recorded_by"]
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rooms", "floor_area", "state", "fit_out_started_on"]
    list_filter = ["state", "building__county"]
    readonly_fields = ["state"]
    inlines = [UnitStatePeriodInline]


@admin.register(HousingApplication)
class HousingApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "talent", "county", "state", "applied_on"]
    list_filter = ["state", "county"]
    raw_id_fields = ["talent", "entitlement"]
    readonly_fields = ["state", "inputs", "explanation", "refusals"]


@admin.register(AllocationRound)
class AllocationRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "state", "opened_on", "closed_at"]
    readonly_fields = ["state", "closed_at", "ranking_keys"]


admin.site.register(RankEntry)
admin.site.register(Offer)
admin.site.register(TenancyRenewal)


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "starts_on", "ends_on", "ended_on"]
    list_filter = ["state"]
    raw_id_fields = ["talent", "application", "offer", "unit"]
