"""Importing talents from an xlsx workbook: all or nothing, every bad row reported.

The first sheet holds one talent per row under a header row of Chinese column names
(`COLUMNS`). Values are accepted by Chinese name or by code; dates as Excel dates or
YYYY-MM-DD text. Every row goes through `services.registry.validate_talent`, plus the
county-in-scope check and duplicates within the file. If any row is wrong nothing is written;
otherwise all talents are created in one transaction with one "talent.import" audit event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from rencai.core import audit
from rencai.core.choices import DivisionLevel, OrganisationKind
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.core.text import join_list

from .choices import IdType
from .identity import normalise_id_number
from .models import Degree, Tag, Talent, Tier, Title
from .permissions import can_import_talents, can_register_in_county
from .services.registry import TALENT_FIELDS, validate_talent

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_WEB_ROWS = 50_000
# A row whose name starts with this is the template's example: it is never imported.
EXAMPLE_MARKER = "（示例）"
TAG_SEPARATORS = re.compile(r"[、,，;；]")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False


# The file format: Chinese headers are data, not interface text, so they are not translated.
COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", required=True),
    Column("id_type", "证件类型"),
    Column("id_number", "证件号码", required=True),
    Column("mobile", "手机号码", required=True),
    Column("county", "县市区", required=True),
    Column("birth_date", "出生日期"),
    Column("degree", "学历"),
    Column("school", "毕业院校"),
    Column("major", "专业"),
    Column("graduation_date", "毕业时间"),
    Column("title", "职称"),
    Column("employer", "工作单位"),
    Column("tier", "人才层次"),
    Column("tags", "标签"),
    Column("arrival_date", "来黄时间"),
)
# Accepted but not in the template: only passports need it.
EXTRA_COLUMNS: tuple[Column, ...] = (Column("id_country", "签发国家"),)
ALL_COLUMNS = COLUMNS + EXTRA_COLUMNS
HEADER_OF = {c.key: c.header for c in ALL_COLUMNS}
DATE_KEYS = {"birth_date", "graduation_date", "arrival_date"}
TEXT_KEYS = {"name", "id_number", "mobile", "school", "major", "id_country"}

# Document types by their Chinese name (catalogues.md), whatever the interface language.
ID_TYPE_NAMES = {
    IdType.RIC: "居民身份证",
    IdType.HK_MO_TW_RESIDENCE: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    IdType.PASSPORT: "护照",
}
ID_TYPE_ALIASES = {"身份证": IdType.RIC}


class ImportFileError(DomainError):
    """The whole file is refused: not an xlsx, wrong columns, too many rows."""

    code = "invalid_import_file"


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel shows it: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class CellError(Exception):
    pass


# --- catalogue look-ups -------------------------------------------------------------------


def _key(value: str) -> str:
    return value.strip().casefold()


class Lookups:
    """Every catalogue the importer resolves names against, loaded once per file."""

    def __init__(self) -> None:
        self.id_types: dict[str, str] = {}
        for value, label in IdType.choices:
            for name in (value, str(label), ID_TYPE_NAMES[value]):
                self.id_types[_key(name)] = value
        for alias, value in ID_TYPE_ALIASES.items():
            self.id_types[_key(alias)] = value
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


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


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip().split(" ")[0]
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
    raise CellError(_("Enter a date as YYYY-MM-DD."))


def _parse_cell(key: str, value: Any, lookups: Lookups):
    """One cell's value as validate_talent expects it (objects for catalogues)."""
    if key in DATE_KEYS:
        return _date(value)
    if key == "id_number":
        return _id_number(value)
    text = _text(value)
    if key in TEXT_KEYS:
        return text
    if key == "tags":
        names = [n for n in TAG_SEPARATORS.split(text) if n.strip()]
        return [
            lookups.one(lookups.tags, n, _("Unknown tag: %(name)s") % {"name": n}) for n in names
        ]
    if not text:
        return None if key != "id_type" else IdType.RIC
    if key == "id_type":
        return lookups.one(lookups.id_types, text, _("Unknown document type."))
    if key == "county":
        return lookups.one(lookups.counties, text, _("Unknown county: use its name or code."))
    if key == "employer":
        return lookups.employer(text)
    catalogue, message = {
        "degree": (lookups.degrees, _("Unknown degree.")),
        "title": (lookups.titles, _("Unknown professional title.")),
        "tier": (lookups.tiers, _("Unknown tier.")),
    }[key]
    return lookups.one(catalogue, text, message)


# --- reading the workbook -----------------------------------------------------------------


@dataclass
class Sheet:
    keys: list[str | None]  # the column key of each position (None: an empty header cell)
    rows: Iterator[tuple[int, tuple]]  # (Excel row number, cell values)
    estimated_rows: int | None
    workbook: Any = None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def _not_xlsx() -> ImportFileError:
    return ImportFileError(
        _("This file is not an xlsx workbook. Save it from Excel as .xlsx and try again."),
        code="not_xlsx",
    )


# A damaged or foreign file fails in openpyxl, zipfile or the XML parser in many ways
# (BadZipFile, InvalidFileException, KeyError, ParseError …); all of them mean the same thing
# to the person uploading it, so any error while reading is "not an xlsx".
UNREADABLE = Exception


def _numbered(rows: Iterator[tuple]) -> Iterator[tuple[int, tuple]]:
    """Rows with their Excel row numbers; a sheet that breaks halfway is "not an xlsx"."""
    number = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except UNREADABLE:
            raise _not_xlsx() from None
        number += 1
        yield number, row


def open_sheet(file: IO[bytes]) -> Sheet:
    """Open the first sheet and check its header; raise ImportFileError if unusable."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        max_row = sheet.max_row
    except UNREADABLE:
        raise _not_xlsx() from None
    if header is None:
        workbook.close()
        raise ImportFileError(_("The workbook's first sheet is empty."))
    try:
        keys = _header_keys(header)
    except ImportFileError:
        workbook.close()
        raise
    estimate = (max_row - 1) if max_row else None
    return Sheet(keys, _numbered(rows), estimate, workbook)


def _header_keys(header: tuple) -> list[str | None]:
    by_header = {c.header: c.key for c in ALL_COLUMNS}
    keys: list[str | None] = []
    unknown: list[str] = []
    for cell in header:
        text = _text(cell).replace("*", "").strip()
        if not text:
            keys.append(None)
        elif text in by_header and by_header[text] not in keys:
            keys.append(by_header[text])
        else:
            unknown.append(text)
            keys.append(None)
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": join_list(missing)})
    if unknown:
        problems.append(_("unknown columns: %(names)s") % {"names": "、".join(unknown)})
    if problems:
        raise ImportFileError(
            _("The header row does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )
    return keys


# --- checking rows ------------------------------------------------------------------------


Progress = Callable[[Iterable, int | None], Iterable]


def _no_progress(rows: Iterable, total: int | None) -> Iterable:
    return rows


def check_rows(
    sheet: Sheet,
    *,
    actor,
    max_rows: int | None = None,
    progress: Progress = _no_progress,
) -> tuple[list[dict[str, Any]], ImportResult]:
    """Validate every row; return the talents' fields and the result (with all errors)."""
    lookups = Lookups()
    result = ImportResult()
    valid: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in progress(sheet.rows, sheet.estimated_rows):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        raw = {k: v for k, v in zip(sheet.keys, values, strict=False) if k is not None}
        if _text(raw.get("name")).startswith(EXAMPLE_MARKER):
            continue
        result.rows += 1
        if max_rows is not None and result.rows > max_rows:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it, or import it on the server.")
                % {"max": f"{max_rows:,}"}
            )
        data, errors, key = _check_row(raw, actor=actor, lookups=lookups)
        if key[1]:
            if key in seen:
                errors.append(
                    (
                        "id_number",
                        _("The same document is already in row %(row)s of this file.")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        result.errors.extend(RowError(number, HEADER_OF.get(k, k), str(m)) for k, m in errors)
        if not errors and data is not None:
            valid.append(data)
    return valid, result


def _check_row(raw: dict[str, Any], *, actor, lookups: Lookups):
    """(validated fields or None, [(key, message)], the row's document key)."""
    fields: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key, value in raw.items():
        try:
            fields[key] = _parse_cell(key, value, lookups)
        except CellError as exc:
            errors.append((key, str(exc)))
    document = (fields.get("id_type") or IdType.RIC, normalise_id_number(fields.get("id_number")))
    try:
        data = validate_talent(fields)
    except ValidationError as exc:
        bad_cells = {k for k, _m in errors}
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
    progress: Progress = _no_progress,
) -> ImportResult:
    """Check the whole workbook, then create every talent in one transaction, or none."""
    if not can_import_talents(actor):
        raise PermissionDenied(gettext_lazy("You may not import talents."))
    sheet = open_sheet(file)
    try:
        valid, result = check_rows(sheet, actor=actor, max_rows=max_rows, progress=progress)
    finally:
        sheet.close()
    if not result.ok:
        return result
    if not valid:
        raise ImportFileError(_("The file has no rows to import."))
    try:
        with transaction.atomic():
            result.created = _create_all(valid, actor=actor)
            audit.record(
                actor,
                "talent.import",
                target_type="talents.talent",
                target_repr=filename,
                changes={"created": result.created},
            )
    except IntegrityError:
        raise ImportFileError(
            _("Someone registered one of these documents meanwhile; nothing was imported.")
        ) from None
    return result


def _create_all(rows: list[dict[str, Any]], *, actor) -> int:
    talents = Talent.objects.bulk_create(
        [
            Talent(registered_by=actor, **{n: row[n] for n in TALENT_FIELDS if n in row})
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
