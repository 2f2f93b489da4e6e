"""The housing app's codes: unit states, rent shares, application, offer and tenancy states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitState(models.TextChoices):
    FITTING_OUT = "fitting_out", _("Being fitted out")
    READY = "ready", _("Ready")
    OCCUPIED = "occupied", _("Occupied")
    UNDER_REPAIR = "under_repair", _("Under repair")


# A unit's fit-out has started once it is in any state: "being fitted out or later".
UNIT_TRANSITIONS: dict[str, frozenset[str]] = {
    UnitState.FITTING_OUT: frozenset({UnitState.READY}),
    UnitState.READY: frozenset({UnitState.OCCUPIED, UnitState.UNDER_REPAIR}),
    UnitState.OCCUPIED: frozenset({UnitState.READY, UnitState.UNDER_REPAIR}),
    UnitState.UNDER_REPAIR: frozenset({UnitState.READY}),
}
# What an officer may set by hand; occupied comes and goes with tenancies only.
MANUAL_UNIT_STATES = frozenset({UnitState.READY, UnitState.UNDER_REPAIR})
LETTABLE_STATES = frozenset({UnitState.READY, UnitState.OCCUPIED, UnitState.UNDER_REPAIR})


class RentShare(models.TextChoices):
    FREE = "free", _("Rent-free")
    REDUCED = "reduced", _("Reduced rent")
    FULL = "full", _("Full rent")


class HousingApplicationState(models.TextChoices):
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a unit")
    HOUSED = "housed", _("Housed")
    LAPSED = "lapsed", _("Lapsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_APPLICATION_STATES = frozenset(
    {HousingApplicationState.WAITING, HousingApplicationState.OFFERED}
)


class OfferState(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed (order frozen)")


class TenancyState(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class InspectionResult(models.TextChoices):
    GOOD = "good", _("Good: ready to let")
    REPAIR = "repair", _("Needs repair")
