"""Tech projects' menu entries and home panels: the science bureau's projects needing matches
and proposals awaiting answers; the enterprise contact's projects and proposals; the talent's
proposals."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import selectors
from .choices import ProjectStatus, ProposalStatus
from .permissions import enterprise_ids, is_science_bureau

PANEL_SIZE = 8


def science_panel(actor, today: date) -> dict | None:
    if not is_science_bureau(actor):
        return None
    needing = selectors.projects_needing_matches(actor).order_by("posted_on", "pk")
    waiting = selectors.proposals_for_actor(actor).filter(status=ProposalStatus.PROPOSED)
    return {
        "needing": list(needing[:PANEL_SIZE]),
        "needing_total": needing.count(),
        "waiting": list(waiting.order_by("proposed_on", "pk")[:PANEL_SIZE]),
        "waiting_total": waiting.count(),
    }


def enterprise_panel(actor, today: date) -> dict | None:
    if not enterprise_ids(actor):
        return None
    projects = selectors.projects_for_actor(actor).filter(status=ProjectStatus.OPEN)
    waiting = selectors.awaiting_answer(actor)
    return {
        "projects": list(projects.order_by("-posted_on", "-pk")[:PANEL_SIZE]),
        "projects_total": projects.count(),
        "waiting": list(waiting.order_by("proposed_on", "pk")[:PANEL_SIZE]),
        "waiting_total": waiting.count(),
    }


def talent_panel(actor, today: date) -> dict | None:
    proposals = selectors.proposals_for_actor(actor).filter(talent__user_id=actor.pk)
    rows = list(proposals.order_by("-proposed_on", "-pk")[:PANEL_SIZE])
    waiting = sum(1 for p in rows if p.status == ProposalStatus.PROPOSED)
    return {"rows": rows, "waiting": waiting}


SEERS = {Role.DEPARTMENT_OFFICER, Role.TASK_FORCE, Role.CITY_ADMIN, Role.ENTERPRISE_CONTACT}


def register() -> None:
    register_nav(
        "projects.projects",
        url_name="projects:project-list",
        label=_("Tech projects"),
        roles=SEERS,
        order=600,
    )
    register_nav(
        "projects.proposals",
        url_name="projects:proposal-list",
        label=_("Match proposals"),
        roles={*SEERS, Role.TALENT},
        order=605,
    )
    register_nav(
        "projects.expertise",
        url_name="projects:expertise",
        label=_("My expertise"),
        roles={Role.TALENT},
        order=610,
    )
    register_home_panel(
        "projects.science",
        template="projects/home/science.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=science_panel,
        order=330,
    )
    register_home_panel(
        "projects.enterprise",
        template="projects/home/enterprise.html",
        roles={Role.ENTERPRISE_CONTACT},
        build=enterprise_panel,
        order=100,
    )
    register_home_panel(
        "projects.talent",
        template="projects/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=730,
    )
