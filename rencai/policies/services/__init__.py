"""Use cases of `policies`, by workflow: the catalogue (policies, benefits, versions) and
entitlements. Import from the workflow's module, or from here:

    from rencai.policies import services
    services.publish_draft(benefit, actor=user)
    services.record_entitlement(talent, benefit, actor=user, state="paid", amount_fen=3_000_000)
"""

from .catalogue import (
    create_benefit,
    create_policy,
    publish_draft,
    start_draft,
    update_benefit,
    update_draft,
    update_policy,
)
from .entitlements import (
    TRANSITIONS,
    allowed_transitions,
    record_entitlement,
    transition_entitlement,
)
from .outreach import outreach_subject, run_outreach, run_scheduled, start_outreach

__all__ = [
    "TRANSITIONS",
    "allowed_transitions",
    "create_benefit",
    "create_policy",
    "publish_draft",
    "record_entitlement",
    "outreach_subject",
    "run_outreach",
    "run_scheduled",
    "start_outreach",
    "start_draft",
    "transition_entitlement",
    "update_benefit",
    "update_draft",
    "update_policy",
]
