"""Medical test helpers: a designated hospital with its liaison, the green-channel benefit
(the demo's rule: an active green card or Chucai card), slots and card holders.

hospital = make_hospital()                  # with hospital.liaison
benefit = make_green_channel()
slot = make_slot(hospital, benefit)         # tomorrow 09:00, capacity 5
talent = make_card_holder()                 # an active green card, and an account
"""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.tests.factories import make_card, make_organisation, make_talent, make_user
from rencai.medical.models import Hospital, Slot
from rencai.policies.models import Benefit
from rencai.policies.tests.factories import make_benefit, make_department

_n = itertools.count(1)

CARD_RULE = {
    "or": [
        {"has": [{"var": "cards"}, "green_card"]},
        {"has": [{"var": "cards"}, "chucai_card"]},
    ]
}


def make_health_department():
    return make_department("health")


def make_health_officer():
    return make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_health_department())


def make_hospital(*, division=None, cutoff_hours: int = 24, **kw) -> Hospital:
    organisation = make_organisation(OrganisationKind.HOSPITAL, division=division)
    hospital = Hospital.objects.create(
        organisation=organisation, cancel_cutoff_hours=cutoff_hours, **kw
    )
    hospital.liaison = make_liaison(hospital)
    return hospital


def make_liaison(hospital: Hospital):
    return make_user(role=Role.HOSPITAL_LIAISON, organisation=hospital.organisation)


def make_green_channel(**fields) -> Benefit:
    found = Benefit.objects.filter(code="green_channel_medical").first()
    if found is not None and not fields:
        return found
    fields.setdefault("code", "green_channel_medical" if found is None else None)
    if fields["code"] is None:
        fields.pop("code")
    fields.setdefault("owning_department", make_health_department())
    return make_benefit(rule=CARD_RULE, **fields)


def make_slot(
    hospital: Hospital,
    benefit: Benefit | None = None,
    *,
    day: date | None = None,
    start: time = time(9, 0),
    capacity: int = 5,
    **kw,
) -> Slot:
    n = next(_n)
    return Slot.objects.create(
        hospital=hospital,
        benefit=benefit or make_green_channel(),
        date=day or timezone.localdate() + timedelta(days=1),
        start_time=start,
        end_time=time(start.hour + 1, start.minute),
        capacity=capacity,
        service=kw.pop("service", f"心内科 {n}"),
        **kw,
    )


def make_talent_user(talent):
    user = make_user(role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user"])
    return user


def make_card_holder(county=None, **fields):
    """A talent with an active green card (valid from a year ago) and an account."""
    talent = make_talent(county=county, **fields)
    make_card(talent, valid_from=timezone.localdate() - timedelta(days=365))
    make_talent_user(talent)
    return talent
