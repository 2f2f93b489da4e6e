"""Registrations imported from xlsx by an organiser: all or nothing. Each row names a talent of
the registry by identity number and name; any row error (unknown number, another name, already
registered, twice in the file) refuses the whole file with every row's errors."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from rencai.core.errors import PermissionDenied
from rencai.core.xlsx.reading import Column, ImportResult, RowError, read_sheet, save_all
from rencai.talents.identity import normalise_id_number
from rencai.talents.models import Talent

from . import permissions
from .choices import RegistrationSource
from .models import Event, Registration
from .services.registration import register_many

MAX_ROWS = 5_000


def columns() -> list[Column]:
    return [
        Column("id_number", _("Identity number"), required=True, max_length=30),
        Column("name", _("Name"), required=True, max_length=50),
    ]


def import_registrations(event: Event, file: IO[bytes], *, actor, filename: str) -> ImportResult:
    """Check every row; register them all (places first, then the waiting list) or none."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    result = ImportResult()
    talents: list[Talent] = []
    seen: set[int] = set()
    with read_sheet(file, columns(), max_rows=MAX_ROWS) as sheet:
        rows = list(sheet.records())
        numbers = {normalise_id_number(str(cells.get("id_number") or "")) for _n, cells, _e in rows}
        by_number = {t.id_number: t for t in Talent.objects.filter(id_number__in=sorted(numbers))}
        registered = set(
            Registration.objects.live()
            .filter(event=event, talent__in=list(by_number.values()))
            .values_list("talent_id", flat=True)
        )
        for number, cells, errors in rows:
            result.rows += 1
            for key, message in errors:
                result.errors.append(RowError(number, sheet.header_of(key), message))
            if errors:
                continue
            talent = by_number.get(normalise_id_number(str(cells["id_number"])))
            header = sheet.header_of("id_number")
            if talent is None:
                result.errors.append(RowError(number, header, _("No talent has this number.")))
            elif talent.name != cells["name"]:
                result.errors.append(
                    RowError(number, sheet.header_of("name"), _("The name does not match."))
                )
            elif talent.pk in registered:
                result.errors.append(RowError(number, header, _("Already registered.")))
            elif talent.pk in seen:
                result.errors.append(RowError(number, header, _("Twice in this file.")))
            else:
                seen.add(talent.pk)
                talents.append(talent)
    if result.errors:
        return result

    def create() -> int:
        return len(
            register_many(event, actor=actor, talents=talents, source=RegistrationSource.IMPORT)
        )

    result.created = save_all(
        create,
        actor=actor,
        action="events.import_registrations",
        target_type="events.registration",
        filename=filename,
        changes={"event": event.pk},
        conflict_message=_("Someone registered one of these people meanwhile: try again."),
    )
    return result
