from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "rencai.engagement"
    label = "engagement"
    verbose_name = _("Leader contact and requests")

    def ready(self) -> None:
        pass
