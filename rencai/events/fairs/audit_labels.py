"""fairs's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "fair.enterprise_add": _("Added an enterprise to a job fair"),
        "fair.position_post": _("Posted a job-fair position"),
        "fair.position_update": _("Edited a job-fair position"),
        "fair.position_export": _("Exported job-fair positions"),
        "fair.enterprise_export": _("Exported the enterprises at job fairs"),
        "fair.seeker_export": _("Exported job fairs' seekers"),
        "employment_intent.propose": _("Proposed an employment intent"),
        "employment_intent.confirm": _("Confirmed an employment intent"),
        "employment_intent.confirm_at_desk": _("Recorded a seeker's confirmation at the desk"),
        "employment_intent.decline": _("Declined an employment intent"),
        "employment_intent.export": _("Exported employment intents"),
    }
)
