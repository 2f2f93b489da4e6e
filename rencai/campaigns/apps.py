from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "rencai.campaigns"
    label = "campaigns"
    verbose_name = _("Campaign and supervision")

    def ready(self) -> None:
        from rencai.core import demo_loaders, schedule

        from . import figures, home
        from .services import run_reminders, run_supervision

        home.register()
        figures.register()
        # Daily; each campaign decides from its own data whether the day is a reminder day.
        schedule.register_job(
            "campaigns.reminders", _("Campaign reminders"), schedule.daily(time(8)), run_reminders
        )
        schedule.register_job(
            "campaigns.supervision",
            _("Campaign bulletins and assessments"),
            schedule.daily(time(18)),
            run_supervision,
        )
        demo_loaders.register_demo_loader(
            "campaigns",
            "rencai.campaigns.demo.load_demo",
            after=(
                "core",
                "talents",
                "policies",
                "desk",
                "medical",
                "schooling",
                "housing",
                "finance",
                "events",
                "fairs",
                "engagement",
                "projects",
            ),
        )
