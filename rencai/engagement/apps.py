from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "rencai.engagement"
    label = "engagement"
    verbose_name = _("Leader contact and requests")

    def ready(self) -> None:
        from rencai.core import demo_loaders
        from rencai.talents import visibility

        from . import figures, home, talent_actions, timeline
        from .visibility import paired_talents, request_talents

        visibility.register_provider("engagement.paired_talents", paired_talents)
        visibility.register_provider("engagement.request_talents", request_talents)
        home.register()
        figures.register()
        timeline.register()
        talent_actions.register()
        demo_loaders.register_demo_loader(
            "engagement",
            "rencai.engagement.demo.load_demo",
            after=("core", "talents", "policies"),
        )
