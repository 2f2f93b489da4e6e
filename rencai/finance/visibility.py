"""Talents visible through loans: a bank's officers, the guarantee centre and the county's
human-resources office see the borrowers of the loans they work."""

from __future__ import annotations

from django.db.models import Q

from rencai.core.choices import Role

from .models import Loan
from .permissions import scope_q


def loan_talents(actor, roles) -> Q | None:
    if not roles.has(Role.BANK_OFFICER, Role.DEPARTMENT_OFFICER, Role.WINDOW_CLERK):
        return None
    return Q(pk__in=Loan.objects.filter(scope_q(actor)).values("talent_id"))
