"""Writes of the medical channel: one function per use case (permission, one transaction,
audit). Slots and hospitals in `slots`, bookings in `booking`, the visit in `visits`, health
records in `records`, the day-before reminder in `reminders`."""

from .booking import book_appointment, cancel_appointment, find_talent, reschedule_appointment
from .records import open_health_record, record_checkup
from .reminders import send_reminders
from .slots import publish_slot, publish_weekly_slots, set_cancel_cutoff, withdraw_slot
from .visits import accompany, check_in, complete_visit, record_no_show, run_step

__all__ = [
    "accompany",
    "book_appointment",
    "cancel_appointment",
    "check_in",
    "complete_visit",
    "find_talent",
    "open_health_record",
    "publish_slot",
    "publish_weekly_slots",
    "record_checkup",
    "record_no_show",
    "reschedule_appointment",
    "run_step",
    "send_reminders",
    "set_cancel_cutoff",
    "withdraw_slot",
]
