from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "rencai.policies"
    label = "policies"
    verbose_name = _("Policies and entitlements")

    def ready(self) -> None:
        from datetime import time

        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from rencai.core import demo_loaders, schedule
        from rencai.talents import hooks, panels, visibility

        from . import evaluation, facts, figures, home, pack, timeline
        from .models import Benefit, BenefitVersion, Policy
        from .services.outreach import daily_job, outreach_for_talent, requeue_lost_runs
        from .views.entitlements import entitlements_panel
        from .views.pack import pack_panel
        from .visibility import owning_department_officers

        # Fact codes come from catalogue tables, and parsed rules were checked against them:
        # forget both when a catalogue changes, and at the start of every request.
        clear = evaluation.clear_caches
        for model in facts.CACHED_MODELS:
            post_save.connect(clear, sender=model, dispatch_uid=f"facts-{model}")
            post_delete.connect(clear, sender=model, dispatch_uid=f"factsd-{model}")
        request_started.connect(clear, dispatch_uid="facts-request")
        # The pack's cache of benefits in force: cleared when the catalogue changes here.
        for model in (Benefit, BenefitVersion, Policy):
            post_save.connect(pack.clear_in_force, sender=model, dispatch_uid=f"pack-{model}")
        visibility.register_provider("policies.owning_department", owning_department_officers)
        panels.register_panel("policies.entitlements", entitlements_panel, order=20)
        panels.register_panel("policies.pack", pack_panel, order=25)
        # A talent registered or changed: outreach looks at them for every benefit.
        hooks.on_talent_changed(outreach_for_talent, name="policies.outreach")
        home.register()
        figures.register()
        timeline.register()
        # Every day, as soon as `run_schedule` runs after midnight: the whole registry.
        schedule.register_job(
            "policies.outreach", _("Daily outreach"), schedule.daily(time(0, 0)), daily_job
        )
        # Hourly: a run whose worker was killed is queued again (its task is not re-delivered).
        schedule.register_job(
            "policies.outreach_requeue",
            _("Outreach runs whose task was lost"),
            schedule.hourly(15),
            requeue_lost_runs,
        )
        demo_loaders.register_demo_loader(
            "policies", "rencai.policies.demo.load_demo", after=("core", "talents")
        )
