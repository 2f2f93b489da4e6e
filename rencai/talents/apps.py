from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "rencai.talents"
    label = "talents"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        from . import providers

        providers.register_builtin_providers()
