"""dashboard's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "dashboard.export": _("Exported the dashboard's figures"),
        "dashboard.retention_export": _("Exported the retention tables"),
    }
)
audit.register_change_labels({"by": _("breakdown")})
