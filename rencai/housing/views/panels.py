"""The housing section of the talent page: the talent's application, offers and tenancy,
as far as the viewer's housing scope reaches."""

from __future__ import annotations

from .. import selectors


def talent_housing_panel(actor, talent) -> dict | None:
    applications = list(selectors.applications_for_actor(actor).filter(talent=talent)[:5])
    tenancies = list(selectors.tenancies_for_actor(actor).filter(talent=talent)[:5])
    if not applications and not tenancies:
        return None
    return {
        "template": "housing/_talent_panel.html",
        "context": {"applications": applications, "tenancies": tenancies},
    }
