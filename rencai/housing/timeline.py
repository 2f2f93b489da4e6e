"""Housing in the one-person file: applications, offers, tenancies — as far as the viewer's
housing scope reaches. Registered in `HousingConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, choice_label, moment, record_link, register_timeline

from . import permissions, selectors
from .models import HousingApplication, Offer, Tenancy

KINDS = {"housing": gettext_lazy("Housing")}


def _unit(row: dict, prefix: str) -> str:
    """An apartment as `Unit.__str__` names it: its building and number."""
    return f"{row[prefix + 'building__name']} {row[prefix + 'number']}"


def housing_entries(viewer, talent) -> list[Entry]:
    # the talent's own records link to their housing page, an officer's to each record
    mine = reverse("housing:mine") if permissions.is_own(viewer, talent) else ""
    application_link = record_link("housing:application-detail")
    tenancy_link = record_link("housing:tenancy-detail")
    entries = []
    applications = selectors.applications_for_actor(viewer).filter(talent=talent)
    state = choice_label(HousingApplication, "state")
    for app in applications.order_by().values("pk", "applied_on", "state", "county__name"):
        entries.append(
            Entry(
                when=moment(app["applied_on"]),
                kind="housing",
                title=_("Applied for a talent apartment (%(county)s)")
                % {"county": app["county__name"]},
                detail=state(app["state"]),
                link=mine or application_link(app["pk"]),
                order=(0, app["pk"]),
            )
        )
    offers = selectors.offers_for_actor(viewer).filter(application__talent=talent)
    state = choice_label(Offer, "state")
    for offer in offers.order_by().values(
        "pk", "offered_on", "state", "application_id", "unit__building__name", "unit__number"
    ):
        entries.append(
            Entry(
                when=moment(offer["offered_on"]),
                kind="housing",
                title=_("Apartment offered: %(unit)s") % {"unit": _unit(offer, "unit__")},
                detail=state(offer["state"]),
                link=mine or application_link(offer["application_id"]),
                order=(1, offer["pk"]),
            )
        )
    tenancies = selectors.tenancies_for_actor(viewer).filter(talent=talent)
    inspection = choice_label(Tenancy, "inspection_result")
    for tenancy in tenancies.order_by().values(
        "pk", "starts_on", "ended_on", "inspection_result", "unit__building__name", "unit__number"
    ):
        link = mine or tenancy_link(tenancy["pk"])
        unit = _unit(tenancy, "unit__")
        entries.append(
            Entry(
                when=moment(tenancy["starts_on"]),
                kind="housing",
                title=_("Tenancy started: %(unit)s") % {"unit": unit},
                link=link,
                order=(2, tenancy["pk"], 0),
            )
        )
        if tenancy["ended_on"]:
            entries.append(
                Entry(
                    when=moment(tenancy["ended_on"]),
                    kind="housing",
                    title=_("Moved out: %(unit)s") % {"unit": unit},
                    detail=inspection(tenancy["inspection_result"]),
                    link=link,
                    order=(2, tenancy["pk"], 1),
                )
            )
    return entries


def register() -> None:
    register_timeline(
        "housing.records",
        housing_entries,
        kinds=KINDS,
        order=50,
        records=[
            ("housing.HousingApplication", "talent"),
            ("housing.Offer", "application__talent"),
            ("housing.Tenancy", "talent"),
        ],
    )
