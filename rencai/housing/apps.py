from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "rencai.housing"
    label = "housing"
    verbose_name = _("Talent apartments")

    def ready(self) -> None:
        from rencai.core import demo_loaders, schedule
        from rencai.talents import panels, visibility

        from . import figures, home, timeline
        from .jobs import expire_job
        from .views.panels import talent_housing_panel
        from .visibility import housing_applicants

        visibility.register_provider("housing.applicants", housing_applicants)
        panels.register_panel("housing.talent", talent_housing_panel, order=40)
        home.register()
        figures.register()
        timeline.register()
        schedule.register_job(
            "housing.expire_offers",
            _("Expire unanswered apartment offers"),
            schedule.hourly(5),
            expire_job,
        )
        demo_loaders.register_demo_loader(
            "housing",
            "rencai.housing.demo.load_demo",
            after=("core", "talents", "policies", "desk"),
        )
