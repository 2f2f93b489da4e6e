"""What the housing services share: locking, integrity errors as conflicts, unit periods."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from rencai.core.errors import Conflict, DomainError

from ..choices import UNIT_TRANSITIONS, UnitState
from ..models import Unit, UnitStatePeriod


class HousingError(DomainError):
    code = "housing_refused"


@contextmanager
def conflict_on_integrity(message) -> Iterator[None]:
    """A savepoint whose unique-index violation is answered as Conflict (409): the
    database decides races the Python checks could not see."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message) from exc


def lock_unit(unit: Unit) -> Unit:
    return Unit.objects.select_for_update(of=("self",)).select_related("building").get(pk=unit.pk)


def move_unit(unit: Unit, to_state: str, *, on: date, actor, note: str = "") -> None:
    """Close the unit's current period and open one in `to_state` from `on` (the unit is
    locked by the caller)."""
    if to_state not in UNIT_TRANSITIONS.get(unit.state, frozenset()):
        raise HousingError(
            _("An apartment cannot go from %(from)s to %(to)s.")
            % {"from": UnitState(unit.state).label, "to": UnitState(to_state).label},
            code="invalid_transition",
        )
    current = UnitStatePeriod.objects.filter(unit=unit, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise HousingError(
                _("The change cannot be dated before the current state began (%(day)s).")
                % {"day": current.started_on},
                code="date_before_state",
            )
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    UnitStatePeriod.objects.create(
        unit=unit, state=to_state, started_on=on, note=note, recorded_by=_user(actor)
    )
    unit.state = to_state
    unit.save(update_fields=["state", "updated_at"])


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
