"""Importing talents from an xlsx workbook: all or nothing, every bad row reported.

The first sheet holds one talent per row under a header row of Chinese column names
(`COLUMNS`). Values are accepted by Chinese name or by code; dates as Excel dates or
YYYY-MM-DD text. Every row goes through `services.registry.validate_talent`, plus the
county-in-scope check and duplicates within the file. If any row is wrong nothing is written;
otherwise all talents are created in one transaction with one "talent.import" audit event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.choices import DivisionLevel, OrganisationKind
from rencai.core.errors import PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.core.xlsx.reading import (
    MAX_UPLOAD_BYTES,
    RAW,
    CellError,
    Column,
    ImportFileError,
    ImportResult,
    RowError,
    Sheet,
    read_sheet,
    save_all,
)
from rencai.core.xlsx.reading import text as _text

from .choices import IdType
from .identity import normalise_id_number
from .models import Degree, Tag, Talent, Tier, Title
from .permissions import can_import_talents, can_register_in_county
from .search import name_keys
from .services.registry import TALENT_FIELDS, validate_talent

__all__ = [
    "COLUMNS",
    "MAX_UPLOAD_BYTES",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "import_talents",
]

MAX_WEB_ROWS = 50_000
# A row whose name starts with this is the template's example: it is never imported.
EXAMPLE_MARKER = "（示例）"
TAG_SEPARATORS = re.compile(r"[、,，;；]")


# Document types by their Chinese name (catalogues.md), whatever the interface language.
ID_TYPE_NAMES = {
    IdType.RIC: "居民身份证",
    IdType.HK_MO_TW_RESIDENCE: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    IdType.PASSPORT: "护照",
}
ID_TYPE_ALIASES = {"身份证": IdType.RIC}


def _field(name: str, header: str, **options) -> Column:
    return Column.for_field(Talent, name, header, **options)


# The file format: Chinese headers are data, not interface text, so they are not translated.
# Lengths come from the model; catalogue cells are looked up by name (at most Excel's limit).
COLUMNS: tuple[Column, ...] = (
    _field("name", "姓名", required=True),
    _field("id_type", "证件类型", invalid_message=gettext_lazy("Unknown document type."))
    .with_names(ID_TYPE_NAMES)
    .with_names({value: alias for alias, value in ID_TYPE_ALIASES.items()}),
    _field("id_number", "证件号码", required=True, kind=RAW),
    # A mobile may be written "+86 138-0013-8000": the 11 digits are checked after normalising.
    _field("mobile", "手机号码", required=True, max_length=20),
    Column("county", "县市区", required=True, max_length=100),
    _field("birth_date", "出生日期"),
    Column("degree", "学历", max_length=100),
    _field("school", "毕业院校"),
    _field("major", "专业"),
    _field("graduation_date", "毕业时间"),
    Column("title", "职称", max_length=100),
    Column("employer", "工作单位", max_length=200),
    Column("tier", "人才层次", max_length=100),
    Column("tags", "标签", max_length=1000),
    _field("arrival_date", "来黄时间"),
)
# Accepted but not in the template: only passports need it.
EXTRA_COLUMNS: tuple[Column, ...] = (_field("id_country", "签发国家"),)
ALL_COLUMNS = COLUMNS + EXTRA_COLUMNS
HEADER_OF = {c.key: c.header for c in ALL_COLUMNS}

# --- catalogue look-ups -------------------------------------------------------------------


def _key(value: str) -> str:
    return value.strip().casefold()


class Lookups:
    """Every catalogue the importer resolves names against, loaded once per file."""

    def __init__(self) -> None:
        counties = Division.objects.filter(level=DivisionLevel.COUNTY)
        self.counties = self._index(counties, ("code", "name"))
        self.degrees = self._index(Degree.objects.all(), ("code", "name"))
        self.titles = self._index(Title.objects.all(), ("code", "name"))
        self.tiers = self._index(Tier.objects.all(), ("code", "name"))
        self.tags = self._index(Tag.objects.all(), ("code", "name"))
        self.employers: dict[str, list[Organisation]] = {}
        for org in employer_queryset():
            for name in {org.name, org.credit_code}:
                if name:
                    self.employers.setdefault(_key(name), []).append(org)

    @staticmethod
    def _index(queryset, attributes: tuple[str, ...]) -> dict[str, Any]:
        index: dict[str, Any] = {}
        for obj in queryset:
            for attribute in attributes:
                index[_key(str(getattr(obj, attribute)))] = obj
        return index

    def one(self, catalogue: dict[str, Any], value: str, message: str):
        try:
            return catalogue[_key(value)]
        except KeyError:
            raise CellError(message) from None

    def employer(self, value: str) -> Organisation:
        matches = self.employers.get(_key(value), [])
        if not matches:
            raise CellError(_("Unknown employer: use a registered organisation's name."))
        if len(matches) > 1:
            raise CellError(_("Several organisations have this name: use the credit code."))
        return matches[0]


def employer_queryset():
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.ENTERPRISE, OrganisationKind.INSTITUTION], is_active=True
    ).order_by("name")


# --- cells --------------------------------------------------------------------------------


def _id_number(value: Any) -> str:
    # Excel keeps 15 significant digits: an 18-digit number typed as a number is already lost.
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = _text(value)
        if isinstance(value, float) or len(digits) > 15:
            raise CellError(
                _("Excel stored the number as a number and lost digits: format as text.")
            )
        return digits
    return _text(value)


def _parse_cell(key: str, value: Any, lookups: Lookups):
    """One cleaned cell's value as validate_talent expects it (objects for catalogues)."""
    if key == "id_number":
        return _id_number(value)
    if key == "id_type":  # the engine resolved the name (None: empty)
        return value or IdType.RIC
    if not isinstance(value, str):  # dates (the engine parsed them)
        return value
    if key in TEXT_KEYS:
        return value
    if key == "tags":
        names = [n for n in TAG_SEPARATORS.split(value) if n.strip()]
        return [
            lookups.one(lookups.tags, n, _("Unknown tag: %(name)s") % {"name": n}) for n in names
        ]
    if not value:
        return None
    if key == "county":
        return lookups.one(lookups.counties, value, _("Unknown county: use its name or code."))
    if key == "employer":
        return lookups.employer(value)
    catalogue, message = {
        "degree": (lookups.degrees, _("Unknown degree.")),
        "title": (lookups.titles, _("Unknown professional title.")),
        "tier": (lookups.tiers, _("Unknown tier.")),
    }[key]
    return lookups.one(catalogue, value, message)


TEXT_KEYS = {"name", "mobile", "school", "major", "id_country"}


# --- reading the workbook -----------------------------------------------------------------


def open_sheet(
    file: IO[bytes],
    *,
    max_rows: int | None = MAX_WEB_ROWS,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
) -> Sheet:
    """Open the first sheet and check its header; raise ImportFileError if unusable."""
    return read_sheet(
        file,
        ALL_COLUMNS,
        max_rows=max_rows,
        max_bytes=max_bytes,
        too_many_rows_message=_(
            "The file has more than %(max)s rows: split it, or import it on the server."
        ),
    )


def _is_example(raw: dict[str, Any]) -> bool:
    return _text(raw.get("name")).startswith(EXAMPLE_MARKER)


# --- checking rows ------------------------------------------------------------------------


Progress = Callable[[Iterable, int | None], Iterable]


def _no_progress(rows: Iterable, total: int | None) -> Iterable:
    return rows


def check_rows(
    sheet: Sheet, *, actor, progress: Progress = _no_progress
) -> tuple[list[dict[str, Any]], ImportResult]:
    """Validate every row; return the talents' fields and the result (with all errors)."""
    lookups = Lookups()
    result = ImportResult()
    valid: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    sheet.rows = iter(progress(sheet.rows, sheet.estimated_rows))
    for number, cells, errors in sheet.records(skip=_is_example):
        result.rows += 1
        data, row_errors, key = _check_row(cells, errors, actor=actor, lookups=lookups)
        if key[1]:
            if key in seen:
                row_errors.append(
                    (
                        "id_number",
                        _("The same document is already in row %(row)s of this file.")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        result.errors.extend(RowError(number, HEADER_OF.get(k, k), str(m)) for k, m in row_errors)
        if not row_errors and data is not None:
            valid.append(data)
    return valid, result


def _check_row(cells: dict[str, Any], cell_errors: list, *, actor, lookups: Lookups):
    """(validated fields or None, [(key, message)], the row's document key)."""
    fields: dict[str, Any] = {}
    errors: list[tuple[str, str]] = list(cell_errors)
    for key, value in cells.items():
        try:
            fields[key] = _parse_cell(key, value, lookups)
        except CellError as exc:
            errors.append((key, str(exc)))
    document = (fields.get("id_type") or IdType.RIC, normalise_id_number(fields.get("id_number")))
    bad_cells = {k for k, _m in errors}
    try:
        data = validate_talent(fields)
    except ValidationError as exc:
        errors.extend(
            (key, message)
            for key, messages in exc.message_dict.items()
            if key not in bad_cells
            for message in messages
        )
        return None, errors, document
    if not can_register_in_county(actor, data["county"]):
        errors.append(("county", _("You may import talents only into your own county.")))
    return (None if errors else data), errors, document


# --- writing ------------------------------------------------------------------------------


def import_talents(
    file: IO[bytes],
    *,
    actor,
    filename: str = "",
    max_rows: int | None = MAX_WEB_ROWS,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Check the whole workbook, then create every talent in one transaction, or none.

    The web takes MAX_UPLOAD_BYTES and MAX_WEB_ROWS; the server's command lifts both (None).
    """
    if not can_import_talents(actor):
        raise PermissionDenied(gettext_lazy("You may not import talents."))
    with open_sheet(file, max_rows=max_rows, max_bytes=max_bytes) as sheet:
        valid, result = check_rows(sheet, actor=actor, progress=progress)
    if not result.ok:
        return result
    if not valid:
        raise ImportFileError(_("The file has no rows to import."))
    result.created = save_all(
        lambda: _create_all(valid, actor=actor),
        actor=actor,
        action="talent.import",
        target_type="talents.talent",
        filename=filename,
        conflict_message=_(
            "Someone registered one of these documents meanwhile; nothing was imported."
        ),
    )
    return result


def _create_all(rows: list[dict[str, Any]], *, actor) -> int:
    talents = Talent.objects.bulk_create(
        [
            Talent(
                registered_by=actor,
                search_keys=name_keys(row["name"]),
                **{n: row[n] for n in TALENT_FIELDS if n in row},
            )
            for row in rows
        ],
        batch_size=1000,
    )
    links = [
        Talent.tags.through(talent_id=talent.pk, tag_id=tag.pk)
        for talent, row in zip(talents, rows, strict=True)
        for tag in row.get("tags") or []
    ]
    Talent.tags.through.objects.bulk_create(links, batch_size=2000)
    return len(talents)
