"""An applicant's place and why: in the last closed round (frozen), and on today's list
(recomputed from the stored inputs under the scheme in force)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import ranking, selectors
from .choices import LIVE_APPLICATION_STATES, RoundState
from .models import AllocationRound, HousingApplication, RankEntry


@dataclass(frozen=True)
class Place:
    position: int
    total: int
    keys: list[str]
    inputs: list[tuple[str, str, str]]  # (key label, shown value, recorded on)
    reason: ranking.Reason | None
    round: AllocationRound | None = None


def _inputs(keys, inputs) -> list[tuple[str, str, str]]:
    rows = []
    for item in keys:
        stored = inputs.get(item["key"], {})
        rows.append(
            (
                str(ranking.KEYS[item["key"]].label),
                str(stored.get("shown", "—")),
                stored.get("recorded_on", ""),
            )
        )
    return rows


def frozen_place(application: HousingApplication) -> Place | None:
    """The place in the latest closed round that ranked the application."""
    entry = (
        RankEntry.objects.filter(application=application, round__state=RoundState.CLOSED)
        .select_related("round")
        .order_by("-round__closed_at", "-pk")
        .first()
    )
    if entry is None:
        return None
    keys = entry.round.ranking_keys
    above = RankEntry.objects.filter(round=entry.round, position=entry.position - 1).first()
    return Place(
        position=entry.position,
        total=entry.round.entries.count(),
        keys=ranking.describe(keys),
        inputs=_inputs(keys, entry.inputs),
        reason=ranking.why_after(keys, entry.inputs, above.inputs) if above else None,
        round=entry.round,
    )


def live_order(county_id: int, on: date) -> list[int]:
    """Today's waiting list of a county in order (application ids)."""
    scheme = selectors.scheme_on(on)
    if scheme is None:
        return []
    rows = HousingApplication.objects.filter(
        county_id=county_id, state__in=sorted(LIVE_APPLICATION_STATES)
    ).values_list("pk", "inputs")
    return ranking.order(scheme.ranking_keys, rows)


def live_place(application: HousingApplication, on: date) -> Place | None:
    if application.state not in LIVE_APPLICATION_STATES:
        return None
    scheme = selectors.scheme_on(on)
    order = live_order(application.county_id, on)
    if scheme is None or application.pk not in order:
        return None
    index = order.index(application.pk)
    reason = None
    if index:
        above = HousingApplication.objects.get(pk=order[index - 1])
        reason = ranking.why_after(scheme.ranking_keys, application.inputs, above.inputs)
    return Place(
        position=index + 1,
        total=len(order),
        keys=ranking.describe(scheme.ranking_keys),
        inputs=_inputs(scheme.ranking_keys, application.inputs),
        reason=reason,
    )


def reproduces(round_: AllocationRound) -> bool:
    """Whether ranking the round's frozen inputs by its frozen keys gives its frozen order:
    the check an auditor (or a disappointed applicant) can run at any later date."""
    entries = list(round_.entries.order_by("position").values_list("application_id", "inputs"))
    return ranking.order(round_.ranking_keys, entries) == [pk for pk, _inputs in entries]
