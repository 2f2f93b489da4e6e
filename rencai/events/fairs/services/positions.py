"""Enterprises taking part in a fair and their positions: the organiser adds enterprises; the
organiser or the enterprise's contact posts and edits positions. Every write audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.events.models import Event
from rencai.talents.models import Degree

from .. import permissions
from ..choices import JOB_FAIR, PARTICIPANT_KINDS
from ..errors import FairError
from ..models import FairEnterprise, Position

POSITION_FIELDS = [
    "title",
    "headcount",
    "salary_min_fen",
    "salary_max_fen",
    "degree",
    "county",
    "description",
    "is_open",
]


def check_job_fair(fair: Event) -> None:
    if fair.kind != JOB_FAIR:
        raise Conflict(_("This event is not a job fair."), code=FairError.NOT_A_JOB_FAIR)


def build_participant(
    fair: Event, organisation: Organisation, *, actor, booth: str = ""
) -> FairEnterprise:
    """An unsaved participant, checked as `add_enterprise` checks it (for the import too)."""
    check_job_fair(fair)
    if not permissions.can_manage_fair(actor, fair):
        raise PermissionDenied(_("Only the fair's organiser adds enterprises."))
    if organisation.kind not in PARTICIPANT_KINDS:
        raise ValidationError({"organisation": [_("Choose an enterprise or an institute.")]})
    participant = FairEnterprise(
        fair=fair, organisation=organisation, booth=booth.strip(), added_by=audit.acting_user(actor)
    )
    participant.full_clean(exclude=["fair", "organisation", "added_by"], validate_unique=False)
    return participant


def add_enterprise(
    fair: Event, organisation: Organisation, *, actor, booth: str = ""
) -> FairEnterprise:
    """Let an enterprise or institute take part in the fair (once), at a booth."""
    participant = build_participant(fair, organisation, actor=actor, booth=booth)
    try:
        with transaction.atomic():
            participant.save()
            audit.record(
                actor, "fair.enterprise_add", participant, changes={"fair": fair.pk, "booth": booth}
            )
    except IntegrityError:
        raise Conflict(
            _("This enterprise already takes part in this fair, or the booth is taken."),
            code=FairError.ALREADY_TAKING_PART,
        ) from None
    return participant


def _clean_position(position: Position) -> None:
    low, high = position.salary_min_fen, position.salary_max_fen
    if low is not None and high is not None and low > high:
        raise ValidationError({"salary_max_fen": [_("The upper salary is below the lower one.")]})
    position.full_clean(exclude=["participant", "posted_by"], validate_constraints=False)


def build_position(
    participant: FairEnterprise,
    *,
    actor,
    title: str,
    headcount: int,
    county: Division | None = None,
    salary_min_fen: int | None = None,
    salary_max_fen: int | None = None,
    degree: Degree | None = None,
    description: str = "",
) -> Position:
    """An unsaved, checked position (for `post_position` and the import)."""
    if not permissions.can_edit_position(actor, participant):
        raise PermissionDenied(_("Only the fair's organiser or the enterprise posts positions."))
    position = Position(
        participant=participant,
        title=title.strip(),
        headcount=headcount,
        salary_min_fen=salary_min_fen,
        salary_max_fen=salary_max_fen,
        degree=degree,
        county=county or _county_of(participant.organisation),
        description=description.strip(),
        posted_by=audit.acting_user(actor),
    )
    _clean_position(position)
    return position


def _county_of(organisation: Organisation) -> Division:
    """Where the work is when not said: the enterprise's county (its division, or the city's
    first county for a city-level organisation)."""
    division = organisation.division
    if division.level == "county":
        return division
    return Division.objects.filter(level="county").order_by("code").first() or division


def post_position(participant: FairEnterprise, *, actor, **fields: Any) -> Position:
    """Post a position for an enterprise taking part in a fair."""
    position = build_position(participant, actor=actor, **fields)
    with transaction.atomic():
        position.save()
        audit.record(
            actor,
            "fair.position_post",
            position,
            changes=audit.diff({}, audit.snapshot(position, POSITION_FIELDS)),
        )
    return position


def update_position(position: Position, *, actor, **fields: Any) -> Position:
    """Edit a position (title, places, salary, degree, county, description, open)."""
    if not permissions.can_edit_position(actor, position.participant):
        raise PermissionDenied(_("Only the fair's organiser or the enterprise edits positions."))
    unknown = set(fields) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"not position fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Position.objects.select_for_update().get(pk=position.pk)
        before = audit.snapshot(locked, POSITION_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _clean_position(locked)
        locked.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor,
            "fair.position_update",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, POSITION_FIELDS)),
        )
    return locked
