from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "rencai.talents"
    label = "talents"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        from . import figures, home, timeline, visibility

        visibility.register_builtin_providers()
        home.register()
        figures.register()
        timeline.register()
