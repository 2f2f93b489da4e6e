from datetime import time

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "rencai.talents"
    label = "talents"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        from rencai.core import demo_loaders, schedule

        from . import cohorts, figures, home, providers, stocks, timeline

        providers.register_builtin_providers()
        register_mobile_owners()
        home.register()
        figures.register()
        timeline.register()
        cohorts.register()
        # The registry's stocks (`talents.stocks`): the day's appended rows folded at night.
        schedule.register_job(
            "talents.stocks_compact",
            _("Registry stocks: fold the day's changes"),
            schedule.daily(time(2, 30)),
            lambda slot: stocks.compact(),
        )
        # The departure reasons the catalogue starts with, after every migrate — and after a
        # flush, which a transactional test ends with (it empties the migration's seed too).
        post_migrate.connect(seed_departure_reasons, sender=self)
        demo_loaders.register_demo_loader("talents", "rencai.talents.demo.load_demo")
        # After the service apps' demos, so none of them picks a talent who has left.
        demo_loaders.register_demo_loader(
            "talents.moves", "rencai.talents.demo_moves.load_demo", after=DEMO_MOVES_AFTER
        )


DEMO_MOVES_AFTER = (
    "core",
    "talents",
    "policies",
    "desk",
    "finance",
    "medical",
    "housing",
    "schooling",
    "events",
    "engagement",
    "projects",
    "campaigns",
)


def register_mobile_owners() -> None:
    """A talent's account owns the mobile of the registry record it is linked to: confirmed by
    the claim's SMS code, or in person when a clerk linked it (the SMS log-in's "verified")."""
    from rencai.core import sms_login
    from rencai.core.models import User

    sms_login.register_mobile_owners(
        "talents", lambda mobile: User.objects.filter(talent__mobile=mobile)
    )


def seed_departure_reasons(sender, *, apps=None, using="default", **kwargs) -> None:
    """Make the catalogue's starting reasons where they are missing (never edits one). A
    migrate passes its own state of the models; a flush passes none: the app registry's."""
    from django.apps import apps as installed

    from .choices import DEPARTURE_REASONS

    try:
        reason = (apps or installed).get_model("talents", "DepartureReason")
    except LookupError:  # migrating backwards, before the catalogue existed
        return
    for code, name, rank in DEPARTURE_REASONS:
        reason.objects.using(using).get_or_create(code=code, defaults={"name": name, "rank": rank})
