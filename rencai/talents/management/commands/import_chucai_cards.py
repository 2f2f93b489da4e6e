"""Record 楚才卡 issued by the province from an xlsx workbook: all or nothing.

    manage.py import_chucai_cards cards.xlsx --actor <username>

The first sheet has a header row with the columns 证件号码, 卡号, 级别 (A/B), 有效期起, 有效期止
(any order; other columns are ignored). Every row is checked first — the talent exists in the
actor's scope and the actor may manage its cards, the level, the dates, no active Chucai card
already, no number twice — and every bad row is reported. If any row is wrong nothing is
written; otherwise all cards are created in one transaction with one "card.import" audit event.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from rencai.core import audit
from rencai.core.text import join_list
from rencai.talents import permissions
from rencai.talents.choices import CardKind, ChucaiLevel
from rencai.talents.identity import normalise_id_number
from rencai.talents.models import Talent, TalentCard
from rencai.talents.services.cards import _check_validity

# The file format: Chinese headers are data, not interface text.
HEADERS = {
    "证件号码": "id_number",
    "卡号": "number",
    "级别": "level",
    "有效期起": "valid_from",
    "有效期止": "valid_to",
}
LEVELS = {"A": ChucaiLevel.A, "B": ChucaiLevel.B}  # also "A卡" / "B卡"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
HEADER_OF = {key: header for header, key in HEADERS.items()}


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.row}" + (f" {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class CellError(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise CellError(_("Enter a date as YYYY-MM-DD."))


def _number(value: Any) -> str:
    number = _text(value).upper()
    if not number:
        raise CellError(_("Enter the card number."))
    if len(number) > TalentCard._meta.get_field("number").max_length:
        raise CellError(_("The card number is too long."))
    return number


PARSERS = {
    "id_number": _id_number,
    "number": _number,
    "level": _level,
    "valid_from": _date,
    "valid_to": _date,
}


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(Excel row number, raw cells by key) of every non-empty row of the first sheet."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise CommandError(_("This file is not an xlsx workbook.")) from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell).replace("*", "") for cell in next(rows, ())]
        missing = [h for h in HEADERS if h not in header]
        if missing:
            raise CommandError(_("Missing columns: %(names)s") % {"names": join_list(missing)})
        position = {HEADERS[h]: header.index(h) for h in HEADERS}
        found = []
        for number, cells in enumerate(rows, start=2):
            raw = {k: cells[i] if i < len(cells) else None for k, i in position.items()}
            if any(_text(v) for v in raw.values()):
                found.append((number, raw))
        return found
    finally:
        workbook.close()


def check_rows(
    rows: list[tuple[int, dict[str, Any]]], *, actor
) -> tuple[list[TalentCard], list[RowError]]:
    """Every row as an unsaved card, or the errors of every bad row."""
    errors: list[RowError] = []
    cards: list[TalentCard] = []
    seen_talents: dict[int, int] = {}
    seen_numbers: dict[str, int] = {}
    visible = Talent.objects.for_actor(actor)
    for row, raw in rows:
        values: dict[str, Any] = {}
        for key, parse in PARSERS.items():
            try:
                values[key] = parse(raw[key])
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
        errors.append(RowError(row, "", _("This talent already holds an active Chucai card.")))
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
        with transaction.atomic():
            TalentCard.objects.bulk_create(cards)
            audit.record(
                actor,
                "card.import",
                target_type="talents.talentcard",
                target_repr=path.name,
                changes={"kind": CardKind.CHUCAI_CARD, "created": len(cards)},
            )
    except IntegrityError as exc:
        raise CommandError(
            _("A card was recorded meanwhile for one of these talents; nothing was imported.")
        ) from exc
    return len(cards), []


class Command(BaseCommand):
    help = "Record Chucai cards (楚才卡) from an xlsx workbook: all rows or none."

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
        self.stdout.write(_("Recorded %(count)s Chucai cards.") % {"count": created})
