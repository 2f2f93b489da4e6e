"""The third-party apps under names an administrator reads: the admin lists each app by its
`verbose_name`, which axes leaves as "Axes" and django-tasks-db writes in English only."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in protection")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
