"""The policy catalogue's menu entries and the talent's link to their policy pack.
Registered in `PoliciesConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import EVERYONE, register_home_panel, register_nav
from rencai.talents.models import Talent
from rencai.talents.selectors import talent_of_user

from .pack import policy_pack

APPLY_SHOWN = 5


def talent_panel(actor, today: date) -> dict:
    """What the talent can apply for now (their pack's open benefits), each a tap from applying."""
    talent = talent_of_user(actor, Talent.objects.only("pk"))
    if talent is None:
        return {"open": [], "more": False}
    items = [
        item
        for item in policy_pack(talent.pk, today).items
        if item.is_open and not item.benefit.no_application
    ]
    return {"open": items[:APPLY_SHOWN], "more": len(items) > APPLY_SHOWN}


def register() -> None:
    register_nav(
        "policies.catalogue",
        url_name="policies:catalogue",
        label=_("Policies"),
        roles={
            Role.CITY_ADMIN,
            Role.TASK_FORCE,
            Role.COUNTY_OFFICER,
            Role.DEPARTMENT_OFFICER,
            Role.WINDOW_CLERK,
        },
        order=200,
    )
    register_nav(
        "policies.entitlements",
        url_name="policies:entitlement-list",
        label=_("Entitlements"),
        roles={Role.CITY_ADMIN, Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER},
        order=210,
    )
    register_nav(
        "policies.outreach",
        url_name="policies:outreach-list",
        label=_("Outreach"),
        roles={Role.CITY_ADMIN, Role.TASK_FORCE, Role.DEPARTMENT_OFFICER},
        order=340,
    )
    register_nav(
        "policies.pack",
        url_name="policies:pack-mine",
        label=_("My policy pack"),
        roles={Role.TALENT},
        order=400,
    )
    register_nav(
        "policies.handbook",
        url_name="policies:handbook",
        label=_("Handbook"),
        roles=EVERYONE,
        order=500,
    )
    register_home_panel(
        "policies.pack",
        template="policies/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=605,
    )
