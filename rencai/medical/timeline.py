"""Green-channel visits and health records in the one-person file, as far as the viewer's
medical scope reaches. Registered in `MedicalConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.text import format_date
from rencai.core.timeline import Entry, choice_label, moment, record_link, register_timeline

from . import selectors
from .choices import AppointmentStatus
from .models import Appointment

KINDS = {"medical": gettext_lazy("Medical green channel")}


def entries(viewer, talent) -> list[Entry]:
    result = []
    link_to = record_link("medical:appointment-detail")
    status = choice_label(Appointment, "status")
    appointments = selectors.appointments_for_actor(viewer).filter(talent=talent)
    for a in appointments.order_by().values(
        "pk",
        "created_at",
        "ended_at",
        "status",
        "beneficiary__name",
        "hospital__organisation__name",
        "slot__service",
        "slot__date",
        "slot__start_time",
    ):
        link = link_to(a["pk"])
        # the hospital as `Hospital.__str__` names it; the visit's beneficiary, or the talent
        where = f"{a['hospital__organisation__name']} · {a['slot__service']}"
        name = a["beneficiary__name"] if a["beneficiary__name"] is not None else talent.name
        result.append(
            Entry(
                when=a["created_at"],
                kind="medical",
                title=_("Green-channel visit booked for %(name)s") % {"name": name},
                detail=f"{where} · {format_date(a['slot__date'])} {a['slot__start_time']:%H:%M}",
                link=link,
                order=(0, a["pk"], 0),
            )
        )
        if a["ended_at"] and a["status"] != AppointmentStatus.BOOKED:
            result.append(
                Entry(
                    when=a["ended_at"],
                    kind="medical",
                    title=_("Green-channel visit: %(status)s") % {"status": status(a["status"])},
                    detail=where,
                    link=link,
                    order=(0, a["pk"], 1),
                )
            )
    records = selectors.health_records_for_actor(viewer).filter(talent=talent)
    for record in (
        records.prefetch_related(None)
        .order_by()
        .values("pk", "opened_on", "hospital__organisation__name")
    ):
        result.append(
            Entry(
                when=moment(record["opened_on"]),
                kind="medical",
                title=_("Health record opened"),
                detail=record["hospital__organisation__name"],
                order=(1, record["pk"]),
            )
        )
    return result


def register() -> None:
    register_timeline(
        "medical.visits",
        entries,
        kinds=KINDS,
        order=50,
        records=[("medical.Appointment", "talent"), ("medical.HealthRecord", "talent")],
    )
