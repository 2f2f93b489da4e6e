from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "rencai.medical"
    label = "medical"
    verbose_name = _("Medical green channel")

    def ready(self) -> None:
        from rencai.talents import panels, visibility

        from . import figures, home, timeline
        from .views import talent_panel
        from .visibility import medical_talents

        visibility.register_provider("medical.channel", medical_talents)
        panels.register_panel("medical.visits", talent_panel, order=40)
        home.register()
        figures.register()
        timeline.register()
