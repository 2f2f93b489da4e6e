from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "rencai.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard and statistics")

    def ready(self) -> None:
        _register_dashboard()


def _register_dashboard() -> None:
    """The dashboard's menu entry (called from `ready()`; kept apart so other lanes' lines in
    `ready()` merge cleanly)."""
    from . import home

    home.register()
