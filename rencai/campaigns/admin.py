from django.contrib import admin

from .models import Action, Campaign, Indicator, Milestone, Reminder, ReportedValue, Unit


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["number", "kind", "name", "lead", "lead_division", "is_illustrative"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "organiser"]
    inlines = [ActionInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "figure", "target", "weight"]
    list_filter = ["kind", "unit__action__campaign"]
    inlines = [MilestoneInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["action", "organisation", "division"]
    list_filter = ["action__campaign"]


@admin.register(ReportedValue)
class ReportedValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "value", "as_of", "state"]
    list_filter = ["state"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["campaign", "recipient", "due_on"]
    readonly_fields = ["campaign", "recipient", "due_on", "items", "sent_at"]
