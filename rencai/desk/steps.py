"""A benefit's approval chain as the desk walks it: its `ApprovalStep` rows, or — for a
benefit with none — one step decided by the owning department."""

from __future__ import annotations

from dataclasses import dataclass

from rencai.policies.models import Benefit

from .models import Application, ApprovalStep


@dataclass(frozen=True)
class Step:
    order: int
    organisation_id: int
    clerk_may_approve: bool


def steps_of(benefit: Benefit) -> list[Step]:
    """The benefit's steps in order (cached on the benefit object for the request)."""
    cached = getattr(benefit, "_desk_steps", None)
    if cached is None:
        rows = ApprovalStep.objects.filter(benefit=benefit).order_by("order")
        cached = [Step(r.order, r.organisation_id, r.clerk_may_approve) for r in rows] or [
            Step(1, benefit.owning_department_id, False)
        ]
        benefit._desk_steps = cached
    return cached


def first_step(benefit: Benefit) -> Step:
    return steps_of(benefit)[0]


def current_step(application: Application) -> Step:
    """The step the case waits for (the last one once the case is decided)."""
    steps = steps_of(application.benefit)
    for step in steps:
        if step.order == application.step:
            return step
    return steps[0]


def next_step(application: Application) -> Step | None:
    """The step after the current one, or None when the current one is the last."""
    steps = steps_of(application.benefit)
    later = [step for step in steps if step.order > current_step(application).order]
    return later[0] if later else None
