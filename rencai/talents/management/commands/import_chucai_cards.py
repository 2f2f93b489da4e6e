"""Record the province's talent cards (楚才卡 in Hubei: city.json's `province_card`) from an
xlsx workbook: all or nothing.

    manage.py import_chucai_cards cards.xlsx --actor <username>

The first sheet has a header row with the columns 证件号码, 卡号, 级别 (A/B), 有效期起, 有效期止
(any order; other columns are ignored). Every row is checked first — the talent exists in the
actor's scope and the actor may manage its cards, the level, the dates, no active Chucai card
already, no number twice — and every bad row is reported. If any row is wrong nothing is
written; otherwise all cards are created in one transaction with one "card.import" audit event.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rencai.core import city
from rencai.core.xlsx.reading import (
    RAW,
    CellError,
    Column,
    ImportFileError,
    RowError,
    read_sheet,
    save_all,
)
from rencai.core.xlsx.reading import text as _text
from rencai.talents import permissions
from rencai.talents.choices import CardKind, ChucaiLevel
from rencai.talents.identity import normalise_id_number
from rencai.talents.models import Talent, TalentCard
from rencai.talents.services.cards import _check_validity

# The file format: Chinese headers are data, not interface text. The engine checks each cell's
# length against the model field; the parsers below give the values their meaning.
COLUMNS = (
    Column.for_field(Talent, "id_number", "证件号码", required=True, kind=RAW),
    Column.for_field(TalentCard, "number", "卡号", required=True, kind=RAW),
    Column("level", "级别", required=True, kind=RAW, max_length=10),
    Column.for_field(TalentCard, "valid_from", "有效期起", required=True),
    Column.for_field(TalentCard, "valid_to", "有效期止", required=True),
)
HEADER_OF = {c.key: c.header for c in COLUMNS}


def _province_card() -> str:
    """The province's card's name (city.json), else the neutral label."""
    return city.current().province_card_label or str(CardKind.CHUCAI_CARD.label)


LEVELS = {"A": ChucaiLevel.A, "B": ChucaiLevel.B}  # also "A卡" / "B卡"
# The province's workbook is read on the server: no size limit, a generous row limit.
MAX_ROWS = 200_000


def _id_number(value: Any) -> str:
    if isinstance(value, float) or (isinstance(value, int) and len(str(value)) > 15):
        # Excel keeps 15 significant digits: a long number typed as a number is already lost.
        raise CellError(_("Excel stored the number as a number and lost digits: format as text."))
    text = _text(value)
    if not text:
        raise CellError(_("Required."))
    return normalise_id_number(text)


def _level(value: Any) -> str:
    level = LEVELS.get(_text(value).upper().removesuffix("卡"))
    if level is None:
        raise CellError(_("Choose card level A or B."))
    return level


def _date(value: date | None) -> date:
    """The engine parsed the date; here it is required."""
    if value is None:
        raise CellError(_("Enter a date as YYYY-MM-DD."))
    return value


def _number(value: Any) -> str:
    number = _text(value).upper()
    if not number:
        raise CellError(_("Enter the card number."))
    return number


PARSERS = {
    "id_number": _id_number,
    "number": _number,
    "level": _level,
    "valid_from": _date,
    "valid_to": _date,
}


def read_rows(path: Path) -> list[tuple[int, dict[str, Any], list[tuple[str, str]]]]:
    """(Excel row number, raw cells by key, cell errors) of every non-empty row."""
    try:
        with (
            path.open("rb") as file,
            read_sheet(
                file, COLUMNS, max_rows=MAX_ROWS, max_bytes=None, unknown_columns="ignore"
            ) as sheet,
        ):
            return list(sheet.records())
    except OSError as exc:
        raise CommandError(_("This file is not an xlsx workbook.")) from exc
    except ImportFileError as exc:
        raise CommandError(str(exc.message)) from exc


def check_rows(
    rows: list[tuple[int, dict[str, Any], list[tuple[str, str]]]], *, actor
) -> tuple[list[TalentCard], list[RowError]]:
    """Every row as an unsaved card, or the errors of every bad row."""
    errors: list[RowError] = []
    cards: list[TalentCard] = []
    seen_talents: dict[int, int] = {}
    seen_numbers: dict[str, int] = {}
    visible = Talent.objects.for_actor(actor)
    for row, raw, cell_errors in rows:
        values: dict[str, Any] = {}
        errors.extend(RowError(row, HEADER_OF[key], message) for key, message in cell_errors)
        bad = {key for key, _m in cell_errors}
        for key, parse in PARSERS.items():
            if key in bad:
                continue
            try:
                values[key] = parse(raw.get(key))
            except CellError as exc:
                errors.append(RowError(row, HEADER_OF[key], str(exc)))
        if len(values) < len(PARSERS):
            continue
        row_errors = _check_row(row, values, actor, visible, seen_talents, seen_numbers)
        if row_errors:
            errors.extend(row_errors)
            continue
        cards.append(
            TalentCard(
                talent=values["talent"],
                kind=CardKind.CHUCAI_CARD,
                level=values["level"],
                number=values["number"],
                valid_from=values["valid_from"],
                valid_to=values["valid_to"],
                issued_by=actor,
            )
        )
    return cards, errors


def _check_row(row, values, actor, visible, seen_talents, seen_numbers) -> list[RowError]:
    talents = list(visible.filter(id_number=values["id_number"])[:2])
    if len(talents) != 1:
        message = _("No talent with this identity number in your scope.")
        if talents:
            message = _("Several talents have this identity number.")
        return [RowError(row, HEADER_OF["id_number"], message)]
    talent = values["talent"] = talents[0]
    errors = []
    if not permissions.can_manage_cards(actor, talent):
        errors.append(RowError(row, "", _("Your role may not record cards for this talent.")))
    try:
        _check_validity(values["valid_from"], values["valid_to"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.extend(RowError(row, HEADER_OF[field], m) for m in messages)
    active = TalentCard.objects.active().filter(kind=CardKind.CHUCAI_CARD)
    if talent.pk in seen_talents:
        errors.append(
            RowError(row, "", _("Same talent as row %(row)s.") % {"row": seen_talents[talent.pk]})
        )
    elif active.filter(talent=talent).exists():
        errors.append(
            RowError(
                row,
                "",
                _("This talent already holds an active %(card)s.") % {"card": _province_card()},
            )
        )
    if values["number"] in seen_numbers:
        errors.append(
            RowError(
                row,
                HEADER_OF["number"],
                _("Same card number as row %(row)s.") % {"row": seen_numbers[values["number"]]},
            )
        )
    elif active.filter(number=values["number"]).exists():
        errors.append(
            RowError(row, HEADER_OF["number"], _("An active card with this number exists."))
        )
    seen_talents.setdefault(talent.pk, row)
    seen_numbers.setdefault(values["number"], row)
    return errors


def import_chucai_cards(path: Path, *, actor) -> tuple[int, list[RowError]]:
    """Check the workbook, then record every card in one transaction, or none."""
    cards, errors = check_rows(read_rows(path), actor=actor)
    if errors:
        return 0, errors
    if not cards:
        raise CommandError(_("The file has no rows to import."))
    try:
        created = save_all(
            lambda: len(TalentCard.objects.bulk_create(cards)),
            actor=actor,
            action="card.import",
            target_type="talents.talentcard",
            filename=path.name,
            changes={"kind": CardKind.CHUCAI_CARD},
            conflict_message=_(
                "A card was recorded meanwhile for one of these talents; nothing was imported."
            ),
        )
    except ImportFileError as exc:
        raise CommandError(str(exc.message)) from exc
    return created, []


class Command(BaseCommand):
    help = (
        "Record the province's talent cards (city.json's province_card) from an xlsx "
        "workbook: all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--actor", required=True, help="username recording the cards")

    def handle(self, *args, path: Path, actor: str, **options):
        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": actor})
        created, errors = import_chucai_cards(path, actor=user)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(errors)}
            )
        self.stdout.write(
            _("Recorded %(count)s cards (%(card)s).") % {"count": created, "card": _province_card()}
        )
