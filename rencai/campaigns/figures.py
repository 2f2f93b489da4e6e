"""The campaign's figure: the share of progress reports accepted, by campaign and state.
Registered in `CampaignsConfig.ready()`; the dashboard reads campaign progress through it
(`rencai.core.figures`), never from this app's tables.

Pace (green, amber, red) is computed from the figures themselves in `progress`, so it is not a
figure: what the records keep is the units' reports and the task force's decisions on them.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from .choices import ReportState
from .models import ReportedValue
from .selectors import units_for_actor


def visible_reports(actor):
    return ReportedValue.objects.filter(indicator__unit__in=units_for_actor(actor))


def register() -> None:
    register_figure(
        Figure(
            name="campaigns.reports_accepted",
            label=_("Campaign progress reports accepted"),
            unit=Unit.ITEMS,
            kind=Kind.RATIO,
            measure=Measure.FLOW,
            records=visible_reports,
            date_field="as_of",
            county_field="indicator__unit__division",
            attribution=_("the county of the reporting unit (none for a department's unit)"),
            numerator=Q(state=ReportState.ACCEPTED),
            breakdowns={"campaign": "indicator__unit__action__campaign", "state": "state"},
            drilldown="campaigns:report-list",
            # the denominator: every report for the period; the numerator: state=accepted
            drilldown_params={
                "county": "county",
                "from": "date_from",
                "to": "date_to",
                "state": "state",
            },
            description=_(
                "Of the progress reports units made for the period, the share the task force "
                "accepted."
            ),
        ),
        order=120,
    )
