"""Green-channel visits and health records in the one-person file, as far as the viewer's
medical scope reaches. Registered in `MedicalConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.text import format_date
from rencai.core.timeline import Entry, moment, register_timeline

from . import selectors
from .choices import AppointmentStatus

KINDS = {"medical": gettext_lazy("Medical green channel")}


def entries(viewer, talent) -> list[Entry]:
    result = []
    for a in selectors.appointments_for_actor(viewer).filter(talent=talent):
        link = reverse("medical:appointment-detail", args=[a.pk])
        where = f"{a.hospital} · {a.slot.service}"
        result.append(
            Entry(
                when=a.created_at,
                kind="medical",
                title=_("Green-channel visit booked for %(name)s") % {"name": a.beneficiary_name},
                detail=f"{where} · {format_date(a.slot.date)} {a.slot.start_time:%H:%M}",
                link=link,
                order=(0, a.pk, 0),
            )
        )
        if a.ended_at and a.status != AppointmentStatus.BOOKED:
            result.append(
                Entry(
                    when=a.ended_at,
                    kind="medical",
                    title=_("Green-channel visit: %(status)s") % {"status": a.get_status_display()},
                    detail=where,
                    link=link,
                    order=(0, a.pk, 1),
                )
            )
    for record in selectors.health_records_for_actor(viewer).filter(talent=talent):
        result.append(
            Entry(
                when=moment(record.opened_on),
                kind="medical",
                title=_("Health record opened"),
                detail=str(record.hospital),
                order=(1, record.pk),
            )
        )
    return result


def register() -> None:
    register_timeline("medical.visits", entries, kinds=KINDS, order=50)
