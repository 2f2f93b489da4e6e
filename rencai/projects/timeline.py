"""Match proposals in the one-person file: proposed, answered, accepted, and their outcomes,
as far as the viewer may see them. Registered in `ProjectsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import clock
from rencai.core.timeline import Entry, choice_label, record_link, register_timeline

from . import selectors
from .choices import ProposalStatus
from .models import Outcome, Proposal

KINDS = {"project": gettext_lazy("Tech projects")}


def proposal_entries(viewer, talent) -> list[Entry]:
    """One query: each proposal joined to its outcomes (a row per outcome, one for none)."""
    link_to = record_link("projects:proposal-detail")
    status = choice_label(Proposal, "status")
    outcome_kind = choice_label(Outcome, "kind")
    proposals = selectors.proposals_for_actor(viewer).filter(talent=talent)
    rows = (
        proposals.prefetch_related(None)
        .order_by()
        .values(
            "pk",
            "proposed_on",
            "accepted_on",
            "closed_on",
            "status",
            "reasons",
            "project__title",
            "project__organisation__name",
            "outcomes__pk",
            "outcomes__kind",
            "outcomes__note",
            "outcomes__recorded_on",
        )
    )
    entries = []
    seen: set[int] = set()
    for row in rows:
        pk = row["pk"]
        link = link_to(pk)
        names = {"project": row["project__title"], "org": row["project__organisation__name"]}
        if pk not in seen:
            seen.add(pk)
            entries.extend(_proposal_steps(row, names, link, status))
        if row["outcomes__pk"] is not None:
            entries.append(
                Entry(
                    when=clock.aware(row["outcomes__recorded_on"]),
                    kind="project",
                    title=_("%(outcome)s with %(org)s")
                    % {**names, "outcome": outcome_kind(row["outcomes__kind"])},
                    detail=row["outcomes__note"],
                    link=link,
                    order=(pk, 2, row["outcomes__pk"]),
                )
            )
    return entries


def _proposal_steps(row: dict, names: dict, link: str, status) -> list[Entry]:
    """A proposal's own entries: proposed, then accepted or closed."""
    pk = row["pk"]
    steps = [
        Entry(
            when=clock.aware(row["proposed_on"]),
            kind="project",
            title=_("Proposed for the tech project %(project)s of %(org)s") % names,
            detail="、".join(row["reasons"]),
            link=link,
            order=(pk, 0),
        )
    ]
    if row["status"] == ProposalStatus.ACCEPTED and row["accepted_on"]:
        steps.append(
            Entry(
                when=clock.aware(row["accepted_on"]),
                kind="project",
                title=_("Match with %(org)s accepted by both sides") % names,
                link=link,
                order=(pk, 1),
            )
        )
    elif row["closed_on"]:
        steps.append(
            Entry(
                when=clock.aware(row["closed_on"]),
                kind="project",
                title=_("Match with %(org)s: %(status)s")
                % {**names, "status": status(row["status"])},
                link=link,
                order=(pk, 1),
            )
        )
    return steps


def register() -> None:
    register_timeline(
        "projects.proposals",
        proposal_entries,
        kinds=KINDS,
        order=70,
        records=[("projects.Proposal", "talent")],
    )
