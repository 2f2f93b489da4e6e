"""policies's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "benefit.create": _("Added a benefit"),
        "benefit.update": _("Edited a benefit's terms"),
        "benefit.draft": _("Drafted a rule or amount"),
        "benefit.draft_update": _("Edited a draft rule"),
        "benefit.publish": _("Published a benefit version"),
        "entitlement.record": _("Recorded an entitlement"),
        "entitlement.transition": _("Changed an entitlement's state"),
        "entitlement.import": _("Imported entitlements"),
        "outreach.run": _("Ran policy outreach"),
        "outreach.start": _("Started policy outreach"),
        "outreach.notice_export": _("Exported outreach notices"),
        "policy.create": _("Added a policy"),
        "policy.update": _("Edited a policy"),
    }
)
audit.register_change_labels(
    {
        "found": _("talents found"),
        "notified": _("talents notified"),
        "recorded": _("entitlements recorded"),
        "versions": _("benefits checked"),
        "benefit": _("benefit"),
    }
)


def benefit_name(code: object) -> str:
    """A benefit's code (`changes["benefit"]`) as its name."""
    from .models import Benefit

    name = Benefit.objects.filter(code=str(code)).values_list("name", flat=True).first()
    return name or str(code)


def benefit_versions(versions: object) -> str:
    """{benefit code: version number} (an outreach run's `versions`) as the benefits' names
    with the date each version took effect."""
    from rencai.core.templatetags.rencai import cndate
    from rencai.core.text import join_list

    from .models import BenefitVersion

    if not isinstance(versions, dict):
        return str(versions)
    found = {
        (v.benefit.code, v.number): v
        for v in BenefitVersion.objects.filter(benefit__code__in=list(versions)).select_related(
            "benefit"
        )
    }
    parts = []
    for code, number in versions.items():
        version = found.get((code, number))
        if version is None:
            parts.append(str(code))
        else:
            parts.append(
                _("%(name)s (in force from %(date)s)")
                % {"name": version.benefit.name, "date": cndate(version.effective_from)}
            )
    return join_list(parts)


audit.register_value_formatter("benefit", benefit_name)
audit.register_value_formatter("versions", benefit_versions)
