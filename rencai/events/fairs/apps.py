from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "rencai.events.fairs"
    label = "fairs"
    verbose_name = _("Job fairs")

    def ready(self) -> None:
        pass
