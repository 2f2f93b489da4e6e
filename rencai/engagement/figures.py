"""Engagement's figures: contacts made, five-ones items done, policy packs delivered, requests
opened, resolved within target, satisfied, and the response and resolution rates as ratios.
Registered in `EngagementConfig.ready()`; read through `rencai.core.figures`.

Everything counts for the talent's county. The rates here are plain ratios over the requests
with a valid feedback; the rates page (`rates.py`) adds the weight of "basically satisfied"
and the exclusions.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from . import selectors
from .choices import ContactKind, RequestState, Satisfaction
from .models import ContactLog, FiveOnesTick, TalentRequest

LOG_COUNTY = "pairing__talent__county"
CONTACT_LIST = {"county": "county", "from": "date_from", "to": "date_to", "kind": "kind"}
# the policy packs: the contact logs of that kind (the list at its own URL, kind set)
PACK_LIST = {"county": "county", "from": "date_from", "to": "date_to"}
# The rates drill down to the requests with a feedback in the period (the denominator); the
# list's "outcome" filter narrows them to a rate's numerator.
FEEDBACK_LIST = {
    "county": "county",
    "from": "feedback_from",
    "to": "feedback_to",
    "category": "category",
    "department": "department",
}
REQUEST_BREAKDOWNS = {"category": "category", "department": "department", "channel": "channel"}


def visible_logs(actor):
    return ContactLog.objects.filter(selectors.pairing_scope_q(actor, "pairing__"))


def visible_packs(actor):
    return visible_logs(actor).filter(kind=ContactKind.POLICY_PACK)


def visible_ticks(actor):
    return FiveOnesTick.objects.filter(selectors.pairing_scope_q(actor, "pairing__"))


def visible_requests(actor):
    return TalentRequest.objects.filter(selectors.request_scope_q(actor))


def closed_requests(actor):
    return visible_requests(actor).filter(state=RequestState.CLOSED, closed_at__isnull=False)


def with_feedback(actor):
    return visible_requests(actor).filter(selectors.with_feedback_q())


def _register(order: int, **kwargs) -> None:
    kwargs.setdefault("unit", Unit.ITEMS)
    kwargs.setdefault("measure", Measure.FLOW)
    register_figure(Figure(**kwargs), order=order)


def register() -> None:
    _register(
        90,
        name="engagement.contacts_made",
        label=_("Contacts made by contact leaders"),
        kind=Kind.COUNT,
        records=visible_logs,
        date_field="happened_on",
        county_field=LOG_COUNTY,
        breakdowns={"kind": "kind"},
        drilldown="engagement:contact-list",
        drilldown_params=CONTACT_LIST,
        description=_(
            "Contact logs (visits, calls, meetings, letters, policy packs) dated within the period."
        ),
    )
    _register(
        91,
        name="engagement.five_ones_done",
        label=_("Five-ones items done"),
        kind=Kind.COUNT,
        records=visible_ticks,
        date_field="done_on",
        county_field=LOG_COUNTY,
        breakdowns={"item": "item__code"},
        drilldown="engagement:tick-list",
        drilldown_params={"county": "county", "from": "date_from", "to": "date_to", "item": "item"},
        description=_("Items of the five-ones checklists ticked as done within the period."),
    )
    _register(
        92,
        name="engagement.policy_packs_delivered",
        label=_("Policy packs delivered"),
        kind=Kind.COUNT,
        records=visible_packs,
        date_field="happened_on",
        county_field=LOG_COUNTY,
        drilldown="engagement:pack-list",
        drilldown_params=PACK_LIST,
        description=_("Contact logs of a policy pack delivered, dated within the period."),
    )
    _register(
        93,
        name="engagement.requests_opened",
        label=_("Talents' requests opened"),
        kind=Kind.COUNT,
        records=visible_requests,
        date_field="raised_at",
        breakdowns=REQUEST_BREAKDOWNS,
        drilldown="engagement:request-list",
        drilldown_params={
            "county": "county",
            "from": "raised_from",
            "to": "raised_to",
            "category": "category",
            "department": "department",
        },
        description=_("Requests raised within the period, by whatever channel."),
    )
    _register(
        94,
        name="engagement.resolved_within_target",
        label=_("Requests resolved within target"),
        kind=Kind.RATIO,
        records=closed_requests,
        date_field="closed_at",
        numerator=Q(answered_at__date__lte=F("resolution_due_on")),
        breakdowns=REQUEST_BREAKDOWNS,
        drilldown="engagement:request-list",
        drilldown_params={
            "county": "county",
            "from": "closed_from",
            "to": "closed_to",
            "category": "category",
            "department": "department",
        },
        description=_(
            "Of the requests closed within the period, those last answered by their "
            "resolution due date (working days from the assignment)."
        ),
    )
    _register(
        95,
        name="engagement.requests_satisfied",
        label=_("Requests satisfied"),
        kind=Kind.RATIO,
        records=with_feedback,
        date_field="feedback_at",
        numerator=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]),
        breakdowns=REQUEST_BREAKDOWNS,
        drilldown="engagement:request-list",
        drilldown_params=FEEDBACK_LIST,
        description=_(
            "Of the requests whose latest feedback was given within the period, "
            "those satisfied or basically satisfied (unweighted)."
        ),
    )
    _register(
        96,
        name="engagement.response_rate",
        label=_("Response rate"),
        kind=Kind.RATIO,
        records=with_feedback,
        date_field="feedback_at",
        numerator=Q(responded_at__date__lte=F("response_due_on")),
        breakdowns=REQUEST_BREAKDOWNS,
        drilldown="engagement:request-list",
        drilldown_params=FEEDBACK_LIST,
        description=_(
            "Of the requests with a valid feedback in the period, those taken up by "
            "their response due date."
        ),
    )
    _register(
        97,
        name="engagement.resolution_rate",
        label=_("Resolution rate"),
        kind=Kind.RATIO,
        records=with_feedback,
        date_field="feedback_at",
        numerator=Q(resolved=True),
        breakdowns=REQUEST_BREAKDOWNS,
        drilldown="engagement:request-list",
        drilldown_params=FEEDBACK_LIST,
        description=_(
            "Of the requests with a valid feedback in the period, those the talent "
            "says are resolved."
        ),
    )
