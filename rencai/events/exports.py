"""Events' lists as xlsx, through the shared writer. Registrations carry names and masked
mobiles; a mixer's export carries counts only — never a pick. Each export is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.masking import mask_mobile
from rencai.core.xlsx.writing import DATE, NUMBER, ExportColumn, ExportWorkbook

from . import selectors


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def export_events(actor, events) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Events"),
        [
            ExportColumn(_("Event"), NUMBER, width=8),
            ExportColumn(_("Kind"), width=10),
            ExportColumn(_("Title"), width=28),
            ExportColumn(_("Organiser"), width=20),
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("Venue"), width=24),
            ExportColumn(_("Capacity"), NUMBER, width=8),
            ExportColumn(_("Places taken"), NUMBER, width=8),
            ExportColumn(_("Status"), width=10),
        ],
    )
    count = 0
    for event in events:
        sheet.append(
            [
                event.pk,
                event.get_kind_display(),
                event.title,
                str(event.organiser or event.division),
                timezone.localtime(event.starts_at).date(),
                event.place,
                event.capacity,
                event.places_taken,
                event.get_status_display(),
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "events.export",
        target_type="events.event",
        target_repr=_("Events"),
        changes={"rows": count},
    )
    return ExportFile(output, f"events-{clock.today():%Y%m%d}.xlsx", count)


def export_registrations(actor, event) -> ExportFile:
    """The event's registrations: name, masked mobile, status, position, checked-in time.
    For a mixer, a second sheet of counts (participants, picks, pairs) — never who."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Registrations"),
        [
            ExportColumn(_("Registration code"), width=12),
            ExportColumn(_("Name"), width=12),
            ExportColumn(_("Mobile"), width=14),
            ExportColumn(_("Status"), width=12),
            ExportColumn(_("Waiting-list position"), NUMBER, width=8),
            ExportColumn(_("Source"), width=12),
            ExportColumn(_("Checked in at"), width=18),
        ],
    )
    count = 0
    for registration in selectors.registrations_of_event(event):
        check_in = getattr(registration, "check_in", None)
        sheet.append(
            [
                registration.code,
                registration.talent.name,
                mask_mobile(registration.talent.mobile),
                registration.get_status_display(),
                registration.waitlist_position,
                registration.get_source_display(),
                f"{timezone.localtime(check_in.scanned_at):%Y-%m-%d %H:%M}" if check_in else "",
            ]
        )
        count += 1
    if event.is_mixer:
        counts = selectors.mixer_counts(event)
        summary = book.sheet(
            _("Mixer counts"),
            [ExportColumn(_("Figure"), width=20), ExportColumn(_("Count"), NUMBER, width=10)],
        )
        for label, value in (
            (_("Participants"), counts.participants),
            (_("Picks"), counts.picks),
            (_("Pairs"), counts.pairs),
            (_("People paired"), counts.people_paired),
        ):
            summary.append([str(label), value])
    output = book.save()
    audit.record(
        actor,
        "events.export_registrations",
        event,
        changes={"rows": count},
    )
    return ExportFile(output, f"event-{event.pk}-registrations.xlsx", count)


def export_registration_search(actor, registrations, filters) -> ExportFile:
    """The registrations across the organiser's events, as filtered on the page: event, name,
    masked mobile, county, status, the day registered, the check-in."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Registrations"),
        [
            ExportColumn(_("Event"), width=28),
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("Name"), width=12),
            ExportColumn(_("Mobile"), width=14),
            ExportColumn(_("County"), width=12),
            ExportColumn(_("Status"), width=12),
            ExportColumn(_("Registered on"), DATE, width=12),
            ExportColumn(_("Checked in at"), width=18),
        ],
    )
    count = 0
    for registration in registrations.iterator(chunk_size=2000):
        talent = registration.talent
        check_in = getattr(registration, "check_in", None)
        sheet.append(
            [
                registration.event.title,
                timezone.localtime(registration.event.starts_at).date(),
                talent.name,
                mask_mobile(talent.mobile),
                talent.county.name if talent.county else "",
                registration.get_status_display(),
                timezone.localtime(registration.created_at).date(),
                f"{timezone.localtime(check_in.scanned_at):%Y-%m-%d %H:%M}" if check_in else "",
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "events.export_registration_search",
        target_type="events.registration",
        target_repr=_("Registrations"),
        changes={
            "rows": count,
            "filters": {k: str(v) for k, v in vars(filters).items() if v},
        },
    )
    return ExportFile(output, f"registrations-{clock.today():%Y%m%d}.xlsx", count)


def export_mixer_rows(actor, rows, which: str) -> ExportFile:
    """A mixer's pairs (or people paired) as rows without names: the mixer, its day, and the
    county each counts for — never who (docs/events.md, privacy of picks)."""
    title = _("Pairs at mixers") if which == selectors.PAIRS else _("Participants paired at mixers")
    book = ExportWorkbook()
    sheet = book.sheet(
        title,
        [
            ExportColumn(_("Event"), width=28),
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("County"), width=12),
        ],
    )
    count = 0
    for row in rows.iterator(chunk_size=2000):
        county = row.event.division if which == selectors.PAIRS else row.talent.county
        sheet.append(
            [
                row.event.title,
                timezone.localtime(row.event.starts_at).date(),
                county.name if county else "",
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "events.export_mixer_rows",
        target_type="events.match",
        target_repr=title,
        changes={"rows": count, "which": which},
    )
    return ExportFile(output, f"mixer-{which}-{clock.today():%Y%m%d}.xlsx", count)
