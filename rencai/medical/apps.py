from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "rencai.medical"
    label = "medical"
    verbose_name = _("Medical green channel")

    def ready(self) -> None:
        from datetime import time

        from rencai.core import demo_loaders, schedule
        from rencai.policies.delivery import register_delivery
        from rencai.talents import panels, visibility

        from . import figures, home, timeline
        from .views import talent_panel
        from .visibility import medical_talents

        visibility.register_provider("medical.channel", medical_talents)
        # The green channel is booked here, not applied for as a desk case.
        register_delivery(
            "green_channel_medical", url_name="medical:book", label=_("Medical green channel")
        )
        panels.register_panel("medical.visits", talent_panel, order=40)
        home.register()
        figures.register()
        timeline.register()
        # The day-before reminder: every evening at 18:00, once per booking.
        schedule.register_job(
            "medical.reminders",
            _("Green-channel reminders"),
            schedule.daily(time(18, 0)),
            reminder_job,
        )
        demo_loaders.register_demo_loader(
            "medical", "rencai.medical.demo.load_demo", after=("core", "talents", "policies")
        )


def reminder_job(slot) -> str:
    from .services import send_reminders

    # Reminders for the day after the slot's own date, even when the run comes late.
    return f"{send_reminders(slot.due_at)} reminded"
