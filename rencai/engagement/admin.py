from django.contrib import admin

from .models import FiveOnesItem, RateDefinition


@admin.register(FiveOnesItem)
class FiveOnesItemAdmin(admin.ModelAdmin):
    list_display = ["year", "order", "code", "label"]
    list_filter = ["year"]


@admin.register(RateDefinition)
class RateDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "numerator", "denominator", "basically_satisfied_weight"]
