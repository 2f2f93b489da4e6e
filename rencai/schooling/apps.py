from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolingConfig(AppConfig):
    name = "rencai.schooling"
    label = "schooling"
    verbose_name = _("Children's schooling")

    def ready(self) -> None:
        from rencai.core import demo_loaders
        from rencai.policies.delivery import register_delivery
        from rencai.talents import panels, visibility

        from . import figures, home, timeline
        from .services import BENEFIT_CODE
        from .visibility import education_cases

        visibility.register_provider("schooling.education_cases", education_cases)
        register_delivery(
            BENEFIT_CODE, url_name="schooling:my-schooling", label=_("Children's schooling")
        )
        home.register()
        panels.register_panel("schooling.cases", home.talent_page_panel, order=40)
        figures.register()
        timeline.register()
        demo_loaders.register_demo_loader(
            "schooling",
            "rencai.schooling.demo.load_demo",
            after=("core", "talents", "policies", "desk"),
        )
