"""Factories for job fairs: a fair (an event of kind job fair) organised by the
human-resources bureau, its enterprises and positions, and seekers registered or checked in.
Events rows are made directly here so these tests do not depend on the events services."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.tests.factories import make_city, make_county, make_organisation, make_user
from rencai.events.choices import EventKind, EventStatus, RegistrationStatus
from rencai.events.models import CheckIn, Event, Registration
from rencai.policies.tests.factories import make_department
from rencai.talents.tests.factories import make_talent

from ..models import FairEnterprise, Position

_n = itertools.count(1)


def make_hrss():
    return make_department("hrss")


def make_organiser():
    """A department officer of the human-resources bureau: the fairs' organiser."""
    return make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_hrss())


def make_fair(*, organiser_org=None, status=EventStatus.PUBLISHED, starts_at=None, **kw) -> Event:
    starts_at = starts_at or timezone.now() + timedelta(days=1)
    return Event.objects.create(
        kind=kw.pop("kind", EventKind.JOB_FAIR),
        title=kw.pop("title", f"招聘会 {next(_n)}"),
        organiser=organiser_org or make_hrss(),
        division=kw.pop("division", make_city()),
        place="黄冈市人力资源市场",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=4),
        capacity=kw.pop("capacity", 1000),
        status=status,
        **kw,
    )


def make_enterprise(name: str | None = None):
    return make_organisation(OrganisationKind.ENTERPRISE, division=make_county(), name=name)


def make_contact(organisation):
    return make_user(role=Role.ENTERPRISE_CONTACT, organisation=organisation)


def make_participant(fair: Event, organisation=None, booth: str = "") -> FairEnterprise:
    participant = FairEnterprise.objects.create(
        fair=fair, organisation=organisation or make_enterprise(), booth=booth
    )
    participant.contact = make_contact(participant.organisation)
    return participant


def make_position(participant: FairEnterprise, *, headcount: int = 3, **kw) -> Position:
    return Position.objects.create(
        participant=participant,
        title=kw.pop("title", f"岗位 {next(_n)}"),
        headcount=headcount,
        county=kw.pop("county", make_county()),
        **kw,
    )


def make_registration(fair: Event, talent=None, **kw) -> Registration:
    talent = talent or make_talent()
    fair.places_taken += 1
    fair.save(update_fields=["places_taken"])
    return Registration.objects.create(
        event=fair,
        talent=talent,
        status=kw.pop("status", RegistrationStatus.REGISTERED),
        code=f"R{next(_n):08d}",
        **kw,
    )


def make_seeker(fair: Event | None = None, *, with_account: bool = True, **talent_fields):
    """A talent (with an account unless a walk-in), registered at `fair` when given."""
    talent = make_talent(**talent_fields)
    if with_account:
        talent.user = make_user(role=Role.TALENT)
        talent.save(update_fields=["user"])
    if fair is not None:
        talent.registration = make_registration(fair, talent)
    return talent


def check_in(registration: Registration) -> CheckIn:
    return CheckIn.objects.create(
        event=registration.event,
        registration=registration,
        scan_id=f"scan-{next(_n)}",
        scanned_at=timezone.now(),
    )
