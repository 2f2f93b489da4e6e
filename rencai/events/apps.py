from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "rencai.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from rencai.core import demo_loaders, schedule
        from rencai.talents import visibility

        from . import figures, home, outreach, timeline
        from .visibility import event_talents

        visibility.register_provider("events.organisers", event_talents)
        home.register()
        figures.register()
        timeline.register()
        outreach.register()
        # A place offered from the waiting list and not taken in time passes to the next.
        schedule.register_job(
            "events.expire_offers",
            _("Expire offers of event places"),
            schedule.hourly(5),
            expire_offers_job,
        )
        demo_loaders.register_demo_loader(
            "events", "rencai.events.demo.load_demo", after=("core", "talents", "policies")
        )


def expire_offers_job(slot) -> str:
    from .services import expire_offers

    return f"{expire_offers()} offers expired"
