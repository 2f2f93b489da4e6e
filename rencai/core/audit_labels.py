"""Core's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from . import audit

audit.register_action_labels(
    {
        "api_token.revoke": _("Revoked an API token"),
        "demo.load": _("Loaded the demo data"),
        "outbox.purge": _("Purged old outgoing messages"),
        "organisation.create": _("Added an organisation"),
        "organisation.update": _("Edited an organisation"),
        "organisation.delete": _("Deleted an organisation"),
        "role_assignment.create": _("Assigned a role"),
        "role_assignment.update": _("Changed a role assignment"),
        "role_assignment.delete": _("Removed a role"),
        "user.create": _("Added a user"),
        "user.update": _("Edited a user"),
        "user.delete": _("Deleted a user"),
        "user.set_password": _("Set a user's password"),
        "user.second_factor_enrolled": _("Set up the second factor"),
        "user.second_factor_verified": _("Verified the second factor"),
        "user.second_factor_failed": _("Entered a wrong second-factor code"),
        "user.recovery_code_used": _("Used a recovery code"),
        "user.second_factor_removed": _("Removed a user's second factor"),
        "workingday.create": _("Added a calendar day"),
        "workingday.update": _("Edited a calendar day"),
        "workingday.delete": _("Deleted a calendar day"),
        "division.create": _("Added a division"),
        "division.update": _("Edited a division"),
        "division.delete": _("Deleted a division"),
    }
)
audit.register_change_labels(
    {
        "created": _("created"),
        "updated": _("updated"),
        "seed": _("random seed"),
        "users": _("users"),
        "divisions": _("divisions"),
        "organisations": _("organisations"),
        "talents": _("talents"),
        "cases": _("cases"),
        "role": _("role"),
        "previous": _("previous version"),
        "device": _("device"),
        "remaining": _("codes left"),
        "during": _("during"),
        "via": _("through"),
        "deleted": _("deleted"),
        "retention_days": _("kept for (days)"),
    }
)
audit.register_object_labels({"demo": _("demo data")})


def role_label(value: object) -> str:
    from .choices import Role

    return str(Role(value).label) if value in Role.values else str(value)


audit.register_value_formatter("role", role_label)
