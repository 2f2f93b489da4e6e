"""campaigns's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "campaigns.report": _("Reported a campaign count"),
        "campaigns.report_accept": _("Accepted a campaign report"),
        "campaigns.report_return": _("Sent back a campaign report"),
        "campaigns.status_by_hand": _("Set an indicator's status by hand"),
        "campaigns.plan": _("Uploaded a unit's plan"),
        "campaigns.reminder": _("Reminded a unit behind pace"),
        "campaigns.bulletin": _("Issued a campaign bulletin"),
        "campaigns.assessment": _("Issued a half-monthly assessment"),
        "campaigns.adjustment": _("Adjusted an assessment score"),
        "campaigns.visit": _("Recorded a supervision visit"),
        "campaigns.action_add": _("Added a local action to a campaign"),
        "campaigns.rectified": _("Marked a supervision item put right"),
        "campaigns.plan_download": _("Downloaded a unit's plan"),
        "campaigns.evidence_download": _("Downloaded a report's evidence"),
        "campaigns.bulletin_download": _("Downloaded a campaign bulletin"),
        "campaigns.report_export": _("Exported progress reports"),
    }
)
