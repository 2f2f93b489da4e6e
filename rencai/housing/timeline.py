"""Housing in the one-person file: applications, offers, tenancies — as far as the viewer's
housing scope reaches. Registered in `HousingConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, moment, register_timeline

from . import permissions, selectors

KINDS = {"housing": gettext_lazy("Housing")}


def _link(viewer, talent, name: str, pk: int) -> str:
    if permissions.is_own(viewer, talent):
        return reverse("housing:mine")
    return reverse(name, args=[pk])


def housing_entries(viewer, talent) -> list[Entry]:
    entries = []
    for app in selectors.applications_for_actor(viewer).filter(talent=talent):
        link = _link(viewer, talent, "housing:application-detail", app.pk)
        entries.append(
            Entry(
                when=moment(app.applied_on),
                kind="housing",
                title=_("Applied for a talent apartment (%(county)s)")
                % {"county": app.county.name},
                detail=app.get_state_display(),
                link=link,
                order=(0, app.pk),
            )
        )
    for offer in selectors.offers_for_actor(viewer).filter(application__talent=talent):
        link = _link(viewer, talent, "housing:application-detail", offer.application_id)
        entries.append(
            Entry(
                when=moment(offer.offered_on),
                kind="housing",
                title=_("Apartment offered: %(unit)s") % {"unit": offer.unit},
                detail=offer.get_state_display(),
                link=link,
                order=(1, offer.pk),
            )
        )
    for tenancy in selectors.tenancies_for_actor(viewer).filter(talent=talent):
        link = _link(viewer, talent, "housing:tenancy-detail", tenancy.pk)
        entries.append(
            Entry(
                when=moment(tenancy.starts_on),
                kind="housing",
                title=_("Tenancy started: %(unit)s") % {"unit": tenancy.unit},
                link=link,
                order=(2, tenancy.pk, 0),
            )
        )
        if tenancy.ended_on:
            entries.append(
                Entry(
                    when=moment(tenancy.ended_on),
                    kind="housing",
                    title=_("Moved out: %(unit)s") % {"unit": tenancy.unit},
                    detail=tenancy.get_inspection_result_display(),
                    link=link,
                    order=(2, tenancy.pk, 1),
                )
            )
    return entries


def register() -> None:
    register_timeline("housing.records", housing_entries, kinds=KINDS, order=50)
