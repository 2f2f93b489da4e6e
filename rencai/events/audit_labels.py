"""events's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "events.create": _("Created an event"),
        "events.update": _("Edited an event"),
        "events.published": _("Published an event"),
        "events.cancelled": _("Cancelled an event"),
        "events.closed": _("Ended an event"),
        "events.register": _("Registered for an event"),
        "events.register_many": _("Imported event registrations"),
        "events.cancel_registration": _("Cancelled an event registration"),
        "events.offer": _("Offered a freed place"),
        "events.accept_offer": _("Accepted an offered place"),
        "events.offers_expired": _("Passed on expired place offers"),
        "events.check_in": _("Checked in at an event"),
        "events.check_in_many": _("Uploaded event check-ins"),
        "events.picks_set": _("Made mixer picks"),
        "events.picks_closed": _("Closed a mixer's picks and paired"),
        "events.match_consent": _("Agreed to share contact with a match"),
        "events.export": _("Exported events"),
        "events.export_registrations": _("Exported an event's registrations"),
        "events.export_registration_search": _("Exported registrations across events"),
        "events.export_mixer_rows": _("Exported mixers' pairs (without names)"),
    }
)
