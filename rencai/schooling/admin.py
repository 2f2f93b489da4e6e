"""Admin for schooling: enrolment cases and their history are read-only here — they change
only through the services, which check the stage table, the scope and the entitlement."""

from __future__ import annotations

from django.contrib import admin

from rencai.core.admin import ReadOnlyAdmin

from .models import EnrolmentCase, EnrolmentEvent


@admin.register(EnrolmentCase)
class EnrolmentCaseAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "child",
        "stage",
        "state",
        "education_office",
        "assigned_school",
        "due_on",
    ]
    list_filter = ["state", "stage", "education_office"]
    search_fields = ["child__name", "talent__name"]
    list_select_related = ["child", "education_office", "assigned_school"]


@admin.register(EnrolmentEvent)
class EnrolmentEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["case", "case__child", "actor"]
