"""Job fairs: participating enterprises, positions, seekers and employment intents.

A job fair is an event (`rencai.events`) of kind job fair.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "rencai.events.fairs"
    label = "fairs"
    verbose_name = _("Job fairs")

    def ready(self) -> None:
        from rencai.core import demo_loaders

        from . import figures, home, timeline

        figures.register()
        home.register()
        timeline.register()
        demo_loaders.register_demo_loader(
            "fairs",
            "rencai.events.fairs.demo.load_demo",
            after=("core", "talents", "policies", "events"),
        )
