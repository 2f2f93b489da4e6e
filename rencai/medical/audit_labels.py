"""medical's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "appointment.book": _("Booked a green-channel visit"),
        "appointment.cancel": _("Cancelled a visit"),
        "appointment.reschedule": _("Rescheduled a visit"),
        "appointment.remind": _("Sent visit reminders"),
        "appointment.check_in": _("Checked a talent in"),
        "appointment.accompany": _("Accompanied a visit"),
        "appointment.complete": _("Completed a visit"),
        "appointment.no_show": _("Recorded a no-show"),
        "appointment.export": _("Exported visits"),
        "health_record.open": _("Opened a health record"),
        "health_record.checkup": _("Recorded a check-up"),
        "health_record.export": _("Exported health records"),
        "hospital.set_cutoff": _("Set a hospital's booking cut-off"),
        "slot.publish": _("Published a visit slot"),
        "slot.publish_weekly": _("Published weekly visit slots"),
        "slot.withdraw": _("Withdrew a visit slot"),
    }
)
audit.register_change_labels(
    {
        "sent": _("messages sent"),
        "series": _("series"),
        "slots": _("slots"),
        "first_date": _("first day"),
        "last_date": _("last day"),
        "hospitals": _("hospitals"),
        "liaisons": _("liaisons"),
        "date": _("check-up date"),
        "service": _("service or check-up package"),
    }
)
