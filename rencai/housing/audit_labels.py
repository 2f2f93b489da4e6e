"""housing's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "housing.apply": _("Applied for a talent apartment"),
        "housing.withdraw": _("Withdrew a housing application"),
        "housing.building_create": _("Added an apartment building"),
        "housing.unit_add": _("Added an apartment"),
        "housing.unit_state": _("Changed an apartment's state"),
        "housing.inputs_refresh": _("Refreshed the ranking inputs"),
        "housing.round_open": _("Opened an allocation round"),
        "housing.round_close": _("Closed an allocation round"),
        "housing.offer": _("Offered an apartment"),
        "housing.offer_accept": _("Accepted an offer"),
        "housing.offer_decline": _("Declined an offer"),
        "housing.offer_expire": _("An offer expired"),
        "housing.move_in": _("Recorded a move-in"),
        "housing.move_out": _("Recorded a move-out"),
        "housing.renew": _("Renewed a tenancy"),
        "housing.export_units": _("Exported apartments"),
        "housing.export_applications": _("Exported housing applications"),
        "housing.export_tenancies": _("Exported tenancies"),
    }
)
audit.register_change_labels(
    {
        "household_size": _("household size"),
        "county": _("county"),
        "application": _("application"),
        "unit": _("apartment"),
        "deadline": _("deadline"),
        "refusals": _("refusals"),
        "ranked": _("applications ranked"),
        "keys": _("ranking order"),
        "on": _("date"),
        "inspection": _("move-out inspection"),
    }
)
audit.register_object_labels(
    {
        "housing.export": _("housing export"),
    }
)
