"""Talents visible through tech projects: the science bureau sees the talents it proposed for a
project (its records, as a department sees the talents of its cases). Candidates it has not
proposed are ranked from their consent (`Expertise.open_to_projects`, selectors.
candidates_for_actor) without opening their talent page or a reveal."""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role

from .models import Proposal
from .permissions import is_science_bureau


def project_talents(actor, roles) -> Q | None:
    if not roles.has(Role.DEPARTMENT_OFFICER) or not is_science_bureau(actor):
        return None
    return Q(pk__in=Proposal.objects.values("talent_id"))
