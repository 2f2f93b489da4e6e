"""talents's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "card.issue": _("Issued a green card"),
        "card.record": _("Recorded a card"),
        "card.renew": _("Renewed a card"),
        "card.revoke": _("Revoked a card"),
        "card.export": _("Exported talent cards"),
        "talent.admin_search": _("Searched talents in administration"),
        "talent.claim": _("A talent claimed their record"),
        "talent.create": _("Registered a talent"),
        "talent.update": _("Edited a talent"),
        "talent.family_add": _("Added a family member"),
        "talent.family_remove": _("Removed a family member"),
        "talent.link_account": _("Linked a talent's account"),
        "talent.reveal": _("Revealed a full identity number or mobile"),
        "talent.window_find": _("Found a talent at the window"),
        "talent.find_to_serve": _("Found a talent to serve"),
        "talent.export": _("Exported talents"),
        "talent.export_full": _("Exported talents with full numbers"),
        "talent.import": _("Imported talents"),
        "talent.file_export": _("Exported a talent's one-person file"),
        "talent.stocks_rebuild": _("Rebuilt the registry's stock counts"),
    }
)
audit.register_change_labels(
    {
        "rows": _("rows"),
        "family_members": _("family members"),
        "talent_tags": _("talent tags"),
        "tiers": _("tiers"),
        "degrees": _("degrees"),
        "titles": _("titles"),
        "tags": _("tags"),
    }
)
audit.register_action_labels({"card.check": _("Checked a card (public page)")})
audit.register_change_labels({"result": _("result"), "check_number": _("check number")})
audit.register_action_labels(
    {
        "talent.depart": _("Recorded a departure from the city"),
        "talent.return": _("Recorded a return to the city"),
        "talent.transfer": _("Recorded a transfer to another county"),
    }
)
audit.register_change_labels({"moved_on": _("date of the move"), "reason": _("reason")})
