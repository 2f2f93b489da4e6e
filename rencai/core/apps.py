from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rencai.core"
    label = "core"
    verbose_name = _("City and people")

    def ready(self) -> None:
        from . import demo_loaders, home, second_factor, tokens  # noqa: F401 (receivers)

        home.register()
        from . import outbox, schedule

        # Messages whose first attempt failed (or never came: a killed process) are sent here.
        schedule.register_job(
            "core.outbox", _("Outgoing messages: retries"), schedule.hourly(30), outbox.sweep
        )
        # Sent and given-up messages older than OUTBOX_RETENTION_DAYS are deleted, a bounded
        # number an hour (each run is one transaction).
        schedule.register_job(
            "core.outbox_purge",
            _("Outgoing messages: purge old ones"),
            schedule.hourly(45),
            outbox.purge,
        )
        # The city, its organisations, the demo users and the official calendar; every other
        # app's demo loader runs after it (`rencai.core.demo_loaders`).
        demo_loaders.register_demo_loader("core", "rencai.core.demo.load_demo", after=())
        # The shared cache's table (a DatabaseCache) is made by `migrate`, wherever it runs.
        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """`createcachetable` after `migrate` (it creates only the tables that are missing)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
