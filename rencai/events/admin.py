"""Admin for events: read-only (events, registrations and check-ins change only through the
services, which keep the places, the waiting list and the audit). A mixer's picks and matches
are deliberately not in the admin: nobody but the chooser sees whom they picked."""

from __future__ import annotations

from django.contrib import admin

from rencai.core.admin import ReadOnlyAdmin

from .models import CheckIn, Event, Registration


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "organiser", "starts_at", "places_taken", "capacity", "status"]
    list_filter = ["kind", "status"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "event", "status", "waitlist_position", "source"]
    list_filter = ["status", "source"]
    raw_id_fields = ["event", "talent"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["pk", "event", "method", "scanned_at", "uploaded_at"]
    list_filter = ["method"]
    raw_id_fields = ["event", "registration"]
