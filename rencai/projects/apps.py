from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "rencai.projects"
    label = "projects"
    verbose_name = _("Tech projects")

    def ready(self) -> None:
        pass
