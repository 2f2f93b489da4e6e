"""Tech projects' figures: projects posted, projects matched (at least one proposal), proposals
accepted by both sides, outcomes recorded; by the project's county. Registered in
`ProjectsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from .choices import ProposalStatus
from .models import Outcome, Proposal, TechProject
from .permissions import project_scope_q, proposal_scope_q

PROJECT_COUNTY = _("the project's county")


def projects(actor):
    return TechProject.objects.filter(
        pk__in=TechProject.objects.filter(project_scope_q(actor)).values("pk")
    )


def matched_projects(actor):
    return projects(actor).filter(first_proposed_on__isnull=False)


def accepted_proposals(actor):
    return Proposal.objects.filter(proposal_scope_q(actor), status=ProposalStatus.ACCEPTED)


def outcomes(actor):
    return Outcome.objects.filter(
        proposal__in=Proposal.objects.filter(proposal_scope_q(actor)).values("pk")
    )


def register() -> None:
    common = {"unit": Unit.ITEMS, "kind": Kind.COUNT, "measure": Measure.FLOW}
    register_figure(
        Figure(
            name="projects.posted",
            label=_("Tech projects posted"),
            records=projects,
            date_field="posted_on",
            county_field="county",
            attribution=PROJECT_COUNTY,
            breakdowns={"field": "field"},
            drilldown="projects:project-list",
            drilldown_params={"county": "county"},
            description=_("Tech projects enterprises and institutes posted within the period."),
            **common,
        ),
        order=80,
    )
    register_figure(
        Figure(
            name="projects.matched",
            label=_("Tech projects matched"),
            records=matched_projects,
            date_field="first_proposed_on",
            county_field="county",
            attribution=PROJECT_COUNTY,
            breakdowns={"field": "field"},
            drilldown="projects:project-list",
            drilldown_params={"county": "county"},
            description=_(
                "Tech projects whose first talent was proposed within the period (at least "
                "one proposal, whatever its answers)."
            ),
            **common,
        ),
        order=81,
    )
    register_figure(
        Figure(
            name="projects.proposals_accepted",
            label=_("Match proposals accepted"),
            records=accepted_proposals,
            date_field="accepted_on",
            county_field="project__county",
            attribution=PROJECT_COUNTY,
            breakdowns={"field": "project__field"},
            drilldown="projects:proposal-list",
            drilldown_params={"county": "county", "from": "accepted_from", "to": "accepted_to"},
            description=_(
                "Match proposals that both the talent and the enterprise accepted within the "
                "period (dated by the second acceptance)."
            ),
            **common,
        ),
        order=82,
    )
    register_figure(
        Figure(
            name="projects.outcomes_recorded",
            label=_("Project outcomes recorded"),
            records=outcomes,
            date_field="recorded_on",
            county_field="proposal__project__county",
            attribution=PROJECT_COUNTY,
            breakdowns={"kind": "kind"},
            drilldown="projects:outcome-list",
            drilldown_params={
                "county": "county",
                "from": "recorded_from",
                "to": "recorded_to",
                "kind": "kind",
            },
            description=_("Contracts signed and cooperations started from accepted matches."),
            **common,
        ),
        order=83,
    )
