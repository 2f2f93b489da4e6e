"""schooling's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "enrolment.request": _("Asked for a school place"),
        "enrolment.review": _("Reviewed an enrolment request"),
        "enrolment.assign": _("Assigned a school"),
        "enrolment.enrol": _("Recorded an enrolment"),
        "enrolment.not_place": _("Closed without a place"),
        "enrolment.export": _("Exported enrolment cases"),
    }
)
