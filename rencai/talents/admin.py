"""The admin site for the registry: catalogues are edited here (audited); talents, cards and
window visits are read-only and masked, because their writes go through the services (which
validate and audit) and a full identity number is shown only on an audited reveal. A search
by exact identity number or mobile confirms a guess, so every talent search is audited (the
term masked), as the window's find is.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rencai.core import audit
from rencai.core.admin import AuditedAdmin, ReadOnlyAdmin
from rencai.core.masking import mask_id_number, mask_mobile

from .models import (
    Degree,
    DepartureReason,
    FamilyMember,
    Tag,
    Talent,
    TalentCard,
    TalentMove,
    Tier,
    Title,
    WindowVisit,
)


@admin.register(Tier)
class TierAdmin(AuditedAdmin):
    list_display = ["rank", "code", "name", "is_high_level", "is_example"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Degree, Title)
class RankedCatalogueAdmin(AuditedAdmin):
    list_display = ["rank", "code", "name"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    fields = ["relation", "name", "birth_date"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _masked_term(term: str) -> str:
    """A search term as the audit log may keep it: any digits masked like a number."""
    words = term.split()
    return " ".join(
        mask_mobile(w)
        if len(w) == 11 and w.isdigit()
        else mask_id_number(w)
        if any(c.isdigit() for c in w)
        else w
        for w in words
    )


@admin.register(Talent)
class TalentAdmin(ReadOnlyAdmin):
    list_display = ["name", "masked_id_number", "masked_mobile", "county", "tier", "degree"]
    list_filter = ["county", "tier", "degree", "tags"]
    search_fields = ["name", "=id_number", "=mobile"]
    list_select_related = ["county", "tier", "degree"]
    inlines = [FamilyMemberInline]
    fields = [
        "name",
        "id_type",
        "masked_id_number",
        "masked_mobile",
        "county",
        "degree",
        "school",
        "major",
        "graduation_date",
        "title",
        "employer",
        "tier",
        "tags",
        "arrival_date",
        "user",
        "registered_at",
        "registered_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            audit.record(
                request.user,
                "talent.admin_search",
                None,
                changes={"term": _masked_term(search_term), "matched": results.count()},
                target_type=Talent._meta.label_lower,
            )
        return results, may_have_duplicates

    @admin.display(description=_("document number"))
    def masked_id_number(self, talent: Talent) -> str:
        return mask_id_number(talent.id_number)

    @admin.display(description=_("mobile"))
    def masked_mobile(self, talent: Talent) -> str:
        return mask_mobile(talent.mobile)


@admin.register(TalentCard)
class TalentCardAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "level", "talent", "valid_from", "valid_to", "status"]
    list_filter = ["kind", "status", "level"]
    search_fields = ["number", "talent__name"]
    list_select_related = ["talent"]
    exclude = ["token"]


@admin.register(WindowVisit)
class WindowVisitAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "service_point", "clerk", "talent"]
    list_filter = ["service_point"]
    list_select_related = ["service_point", "clerk", "talent"]
    date_hierarchy = "opened_at"


@admin.register(DepartureReason)
class DepartureReasonAdmin(AuditedAdmin):
    list_display = ["rank", "code", "name", "is_active"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(TalentMove)
class TalentMoveAdmin(ReadOnlyAdmin):
    list_display = ["moved_on", "kind", "talent", "reason", "from_county", "to_county"]
    list_filter = ["kind", "reason"]
    search_fields = ["talent__name"]
    list_select_related = ["talent", "reason", "from_county", "to_county"]
