"""projects's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "projects.project_posted": _("Posted a tech project"),
        "projects.project_closed": _("Closed a tech project"),
        "projects.expertise_saved": _("Saved an expertise profile"),
        "projects.match_proposed": _("Proposed a talent for a project"),
        "projects.proposal_accepted": _("Accepted a project proposal"),
        "projects.proposal_declined": _("Declined a project proposal"),
        "projects.proposal_withdrawn": _("Withdrew a project proposal"),
        "projects.outcome_recorded": _("Recorded a project outcome"),
        "projects.export": _("Exported tech projects"),
        "projects.outcome_export": _("Exported project outcomes"),
    }
)
