from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "rencai.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard and statistics")

    def ready(self) -> None:
        from . import home, retention_home

        home.register()
        retention_home.register()
