"""Talents visible through tech projects: the science bureau sees the talents open to projects
(so that it can rank and propose them) and every talent it proposed."""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role

from .models import Expertise, Proposal
from .permissions import is_science_bureau


def project_talents(actor, roles) -> Q | None:
    if not roles.has(Role.DEPARTMENT_OFFICER) or not is_science_bureau(actor):
        return None
    return Q(pk__in=Expertise.objects.filter(open_to_projects=True).values("talent_id")) | Q(
        pk__in=Proposal.objects.values("talent_id")
    )
