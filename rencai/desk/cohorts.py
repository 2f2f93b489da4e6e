"""The desk's cohort marker: talents who received a benefit (a case approved and paid or
closed). Registered in `DeskConfig.ready()`; read by the retention tables."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.talents.cohorts import register_cohort_marker

from .choices import ApplicationState as A
from .models import Application

# A benefit received: approved, then paid (disbursed) or closed (a benefit without payment).
RECEIVED_STATES = (A.APPROVED, A.DISBURSED, A.CLOSED)


def received_a_benefit(actor) -> Q:
    return Q(pk__in=Application.objects.filter(state__in=RECEIVED_STATES).values("talent_id"))


def register() -> None:
    register_cohort_marker("desk.benefit", _("Received a benefit"), received_a_benefit, order=20)
