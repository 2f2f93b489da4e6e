from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "rencai.desk"
    label = "desk"
    verbose_name = _("One-window service desk")

    def ready(self) -> None:
        from rencai.core import demo_loaders
        from rencai.talents import visibility

        from . import cohorts, figures, home, timeline
        from .visibility import department_cases

        visibility.register_provider("desk.department_cases", department_cases)
        home.register()
        figures.register()
        timeline.register()
        cohorts.register()
        demo_loaders.register_demo_loader(
            "desk", "rencai.desk.demo.load_demo", after=("core", "talents", "policies")
        )
