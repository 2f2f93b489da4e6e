"""Tech projects and project–talent matching."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "rencai.projects"
    label = "projects"
    verbose_name = _("Tech projects")

    def ready(self) -> None:
        from rencai.core import demo_loaders
        from rencai.talents import visibility

        from . import figures, home, timeline
        from .visibility import project_talents

        visibility.register_provider("projects.project_talents", project_talents)
        home.register()
        figures.register()
        timeline.register()
        demo_loaders.register_demo_loader(
            "projects", "rencai.projects.demo.load_demo", after=("core", "talents", "policies")
        )
