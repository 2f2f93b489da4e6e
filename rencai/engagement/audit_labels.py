"""engagement's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "pairing.create": _("Paired a contact leader with a talent"),
        "pairing.export": _("Exported contact pairings"),
        "five_ones.define": _("Set the year's five-ones checklist"),
        "five_ones.tick": _("Ticked a five-ones item"),
        "contact.log": _("Logged a contact with a talent"),
        "request.raise": _("Recorded a talent's request"),
        "request.assign": _("Assigned a request to a department"),
        "request.respond": _("Took up a request"),
        "request.answer": _("Answered a request"),
        "request.feedback": _("Recorded a talent's feedback on a request"),
        "request.exclude": _("Excluded a request from the rates"),
        "request.export": _("Exported requests"),
        "contact.export": _("Exported contact logs"),
        "five_ones.export": _("Exported five-ones items done"),
    }
)
# a tick's audit entry is the pairing's: its fields are not the pairing's own
audit.register_change_labels({"done_on": _("done on")})
