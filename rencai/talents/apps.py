from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "rencai.talents"
    label = "talents"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        from rencai.core import demo_loaders

        from . import figures, home, providers, timeline

        providers.register_builtin_providers()
        home.register()
        figures.register()
        timeline.register()
        demo_loaders.register_demo_loader("talents", "rencai.talents.demo.load_demo")
