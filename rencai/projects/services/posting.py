"""Posting and closing tech projects."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.choices import OrganisationKind
from rencai.core.errors import PermissionDenied

from ..choices import ProjectStatus
from ..models import TechProject
from ..permissions import can_manage_project, can_post_project

POSTERS = (OrganisationKind.ENTERPRISE, OrganisationKind.INSTITUTION)


def post_project(
    organisation, *, actor, title: str, need: str, field: str, budget_fen: int = 0, county=None
) -> TechProject:
    """Post a tech project for an enterprise or institute (its contact, or the science bureau
    for it). The county is the organisation's unless given."""
    if actor is not None and not can_post_project(actor, organisation):
        raise PermissionDenied(_("You may not post projects for this organisation."))
    if organisation.kind not in POSTERS:
        raise ValidationError(
            {"organisation": _("Projects are posted by enterprises and institutes.")}
        )
    county = county or organisation.division
    with transaction.atomic():
        project = TechProject(
            organisation=organisation,
            title=title.strip(),
            need=need.strip(),
            field=field,
            budget_fen=budget_fen,
            county=county,
            posted_on=clock.today(),
            posted_by=audit.acting_user(actor),
        )
        project.full_clean()
        project.save()
        audit.record(
            actor,
            "projects.project_posted",
            project,
            changes={"organisation": organisation.name, "field": field, "budget_fen": budget_fen},
        )
    return project


def close_project(project: TechProject, *, actor) -> TechProject:
    """Close a project: it takes no more proposals; live proposals stay as they are."""
    if actor is not None and not can_manage_project(actor, project):
        raise PermissionDenied(_("You may not close this project."))
    with transaction.atomic():
        locked = TechProject.objects.select_for_update().get(pk=project.pk)
        if locked.status == ProjectStatus.CLOSED:
            return locked
        locked.status = ProjectStatus.CLOSED
        locked.closed_on = clock.today()
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record(
            actor, "projects.project_closed", locked, changes={"status": ["open", "closed"]}
        )
    return locked
