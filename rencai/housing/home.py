"""Housing's menu entries and home panels: the bureau's apartments and waiting list, and a
talent's application. Registered in `HousingConfig.ready()`."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import permissions, selectors
from .choices import HousingApplicationState, TenancyState, UnitState

# The menu is by role; department officers of other departments may not read housing, so
# the housing bureau reaches its pages from its home panel instead.
READERS = frozenset({Role.TASK_FORCE, Role.COUNTY_OFFICER})
SOON = 5


def bureau_panel(actor, today: date) -> dict | None:
    """Units by state, the waiting list, offers awaiting an answer (soonest deadline first)."""
    if not permissions.is_housing_officer(actor):
        return None
    by_state = dict(
        selectors.units_for_actor(actor).values_list("state").annotate(n=Count("pk")).order_by()
    )
    return {
        "states": [(label, by_state.get(code, 0)) for code, label in UnitState.choices],
        "waiting": selectors.applications_for_actor(actor)
        .filter(state=HousingApplicationState.WAITING)
        .count(),
        "offers": list(selectors.open_offers(actor)[:SOON]),
        "ending": list(
            selectors.tenancies_for_actor(actor)
            .filter(state=TenancyState.ACTIVE, ends_on__lte=today + timedelta(days=60))
            .order_by("ends_on")[:SOON]
        ),
    }


def talent_panel(actor, today: date) -> dict | None:
    application = selectors.applications_for_actor(actor).filter(talent__user_id=actor.pk).first()
    tenancy = (
        selectors.tenancies_for_actor(actor)
        .filter(talent__user_id=actor.pk, state=TenancyState.ACTIVE)
        .first()
    )
    offer = selectors.open_offers(actor).filter(application__talent__user_id=actor.pk).first()
    return {"application": application, "tenancy": tenancy, "offer": offer}


def register() -> None:
    register_nav(
        "housing.units",
        url_name="housing:unit-list",
        label=_("Apartments"),
        roles=READERS,
        order=500,
    )
    register_nav(
        "housing.applications",
        url_name="housing:application-list",
        label=_("Waiting list"),
        roles=READERS,
        order=510,
    )
    register_nav(
        "housing.mine",
        url_name="housing:mine",
        label=_("My apartment"),
        roles={Role.TALENT},
        order=450,
    )
    register_home_panel(
        "housing.bureau",
        template="housing/home/bureau.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=bureau_panel,
        order=320,
    )
    register_home_panel(
        "housing.talent",
        template="housing/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=720,
    )
