from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "rencai.policies"
    label = "policies"
    verbose_name = _("Policies and entitlements")

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from rencai.talents import panels, visibility

        from . import facts
        from .views.entitlements import entitlements_panel
        from .visibility import owning_department_officers

        # Fact codes come from catalogue tables: forget them when one changes, and per request.
        for model in facts.CACHED_MODELS:
            post_save.connect(facts.clear_code_cache, sender=model, dispatch_uid=f"facts-{model}")
            post_delete.connect(
                facts.clear_code_cache, sender=model, dispatch_uid=f"factsd-{model}"
            )
        request_started.connect(facts.clear_code_cache, dispatch_uid="facts-request")
        visibility.register_provider("policies.owning_department", owning_department_officers)
        panels.register_panel("policies.entitlements", entitlements_panel, order=20)
