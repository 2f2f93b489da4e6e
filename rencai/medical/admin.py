"""Admin for the medical channel: designating hospitals (audited, like every admin write).
Slots, appointments and health records are read-only here: they change only through the
services, which keep the capacity, the visit's steps and the cut-off."""

from __future__ import annotations

from django.contrib import admin

from rencai.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Appointment, HealthRecord, Hospital, Slot


@admin.register(Hospital)
class HospitalAdmin(AuditedAdmin):
    list_display = ["organisation", "cancel_cutoff_hours", "phone", "is_active"]
    list_filter = ["is_active"]
    raw_id_fields = ["organisation"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["hospital", "date", "start_time", "service", "booked", "capacity", "status"]
    list_filter = ["status", "kind", "hospital"]
    date_hierarchy = "date"


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "slot", "status", "accompanied_by"]
    list_filter = ["status", "hospital"]
    raw_id_fields = ["slot", "talent", "beneficiary", "entitlement"]


@admin.register(HealthRecord)
class HealthRecordAdmin(ReadOnlyAdmin):
    list_display = ["hospital", "opened_on"]
    list_filter = ["hospital"]
