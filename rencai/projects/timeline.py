"""Match proposals in the one-person file: proposed, answered, accepted, and their outcomes,
as far as the viewer may see them. Registered in `ProjectsConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import clock
from rencai.core.timeline import Entry, register_timeline

from . import selectors
from .choices import ProposalStatus

KINDS = {"project": gettext_lazy("Tech projects")}


def proposal_entries(viewer, talent) -> list[Entry]:
    entries = []
    for proposal in selectors.proposals_for_actor(viewer).filter(talent=talent):
        link = reverse("projects:proposal-detail", args=[proposal.pk])
        names = {"project": proposal.project.title, "org": proposal.project.organisation.name}
        entries.append(
            Entry(
                when=clock.aware(proposal.proposed_on),
                kind="project",
                title=_("Proposed for the tech project %(project)s of %(org)s") % names,
                detail="、".join(proposal.reasons),
                link=link,
                order=(proposal.pk, 0),
            )
        )
        if proposal.status == ProposalStatus.ACCEPTED and proposal.accepted_on:
            entries.append(
                Entry(
                    when=clock.aware(proposal.accepted_on),
                    kind="project",
                    title=_("Match with %(org)s accepted by both sides") % names,
                    link=link,
                    order=(proposal.pk, 1),
                )
            )
        elif proposal.closed_on:
            entries.append(
                Entry(
                    when=clock.aware(proposal.closed_on),
                    kind="project",
                    title=_("Match with %(org)s: %(status)s")
                    % {**names, "status": proposal.get_status_display()},
                    link=link,
                    order=(proposal.pk, 1),
                )
            )
        for outcome in proposal.outcomes.all():
            entries.append(
                Entry(
                    when=clock.aware(outcome.recorded_on),
                    kind="project",
                    title=_("%(outcome)s with %(org)s")
                    % {**names, "outcome": outcome.get_kind_display()},
                    detail=outcome.note,
                    link=link,
                    order=(proposal.pk, 2, outcome.pk),
                )
            )
    return entries


def register() -> None:
    register_timeline("projects.proposals", proposal_entries, kinds=KINDS, order=70)
