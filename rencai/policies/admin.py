"""Read-only admin views of the catalogue and entitlements: edits go through the services
(the catalogue pages and the API), which check rules, keep versions and audit every write."""

from __future__ import annotations

from django.contrib import admin

from rencai.core.admin import ReadOnlyAdmin

from .models import Benefit, BenefitVersion, Entitlement, OutreachRun, Policy


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "effective_from", "expires_on", "is_example"]
    list_filter = ["category", "is_example"]
    search_fields = ["title", "document_number"]


@admin.register(Benefit)
class BenefitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "policy", "owning_department", "exclusivity_group", "is_active"]
    list_filter = ["is_active", "no_application", "periodicity"]
    search_fields = ["name", "code"]
    list_select_related = ["policy", "owning_department"]


@admin.register(BenefitVersion)
class BenefitVersionAdmin(ReadOnlyAdmin):
    list_display = ["benefit", "number", "status", "effective_from", "published_at"]
    list_filter = ["status"]
    list_select_related = ["benefit"]


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ["benefit", "talent_id", "state", "source", "granted_on", "created_at"]
    list_filter = ["state", "source"]
    list_select_related = ["benefit"]


@admin.register(OutreachRun)
class OutreachRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "trigger", "status", "benefit", "found", "recorded", "notified"]
    list_filter = ["trigger", "status"]
