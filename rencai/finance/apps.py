from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "rencai.finance"
    label = "finance"
    verbose_name = _("Start-up guarantee loans")

    def ready(self) -> None:
        from rencai.core import demo_loaders
        from rencai.talents import panels, visibility

        from . import figures, home, timeline
        from .views import talent_loans_panel
        from .visibility import loan_talents

        visibility.register_provider("finance.loan_talents", loan_talents)
        panels.register_panel("finance.loans", talent_loans_panel, order=40)
        home.register()
        figures.register()
        timeline.register()
        demo_loaders.register_demo_loader(
            "finance", "rencai.finance.demo.load_demo", after=("core", "talents", "policies")
        )
