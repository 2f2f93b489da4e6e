"""The import engine: declared columns, limits, typed and length-checked cells, row errors.

An importer declares its columns (`Column`: header, aliases, required, the cell's type and
its length or range, read from the model field with `Column.for_field`), opens the upload
with `read_sheet` and walks `Sheet.records()`: each record is the Excel row number and the
row's cells by key, already cleaned — a cell longer than its field, a bad date or amount is a
`RowError` there, before any form or service sees the value, on SQLite and PostgreSQL alike.
The importer then checks each row with the app's own service checks and, if no row failed,
writes everything with `save_all` (one transaction, one audit event) — or nothing.

A workbook is refused as a whole (`ImportFileError`, never a 500) when it is too large, packs
out to too much, is not an xlsx, has the wrong header, or has too many rows or columns. The
file is read with openpyxl in read-only mode; the sheet's declared dimension is ignored (a
tiny file can claim a million rows by 16,384 columns) and rows are read only as wide as the
header.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import DomainError
from rencai.core.money import AmountTooLarge, yuan_to_fen
from rencai.core.text import join_list

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What the xlsx (a zip) may unpack to: far above any honest 50,000-row sheet, far below a
# zip bomb. The declared sizes are checked before openpyxl reads a byte.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_COLUMNS = 100
# Excel's own limit for one cell; a longer cell was not typed in Excel.
MAX_CELL_CHARS = 32_767
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
MAX_CHOICE_NAME = 100

TEXT, RAW, DATE, MONEY, INTEGER, CHOICE = "text", "raw", "date", "money", "integer", "choice"


class ImportFileError(DomainError):
    """The whole file is refused: not an xlsx, too large, wrong columns, too many rows."""

    code = "invalid_import_file"


class CellError(Exception):
    """One cell is wrong; `key` names its column when the parser knows it."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel shows it: the header is row 1
    column: str  # the column's header ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"{self.row}" + (f" {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- cells --------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as trimmed text: whole floats without ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """An Excel date, or text as YYYY-MM-DD (also / or .); None when empty."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        day = value.strip().split(" ")[0]
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(day, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
    raise CellError(_("Enter a date as YYYY-MM-DD."))


def parse_money(value: Any, *, allow_negative: bool = False) -> int | None:
    """Yuan (a number or text like "30000.00") as integer fen; None when empty."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter an amount in yuan, e.g. 30000.00."))
    try:
        # Excel gives numbers as floats: go through their shortest text, never float maths.
        fen = yuan_to_fen(repr(value) if isinstance(value, float) else text(value))
    except AmountTooLarge:
        raise CellError(_("The amount is too large.")) from None
    except (ValueError, TypeError):
        raise CellError(_("Enter an amount in yuan, e.g. 30000.00.")) from None
    if fen < 0 and not allow_negative:
        raise CellError(_("The amount cannot be negative."))
    return fen


def parse_integer(value: Any, *, min_value: int | None, max_value: int | None) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = value if isinstance(value, int) else int(text(value))
    except ValueError:
        raise CellError(_("Enter a whole number.")) from None
    if min_value is not None and number < min_value:
        raise CellError(_("The number must be at least %(min)s.") % {"min": min_value})
    if max_value is not None and number > max_value:
        raise CellError(_("The number must be at most %(max)s.") % {"max": max_value})
    return number


def check_length(value: Any, max_length: int | None) -> None:
    """A text cell longer than its field (or than Excel allows) is refused, never stored."""
    if not isinstance(value, str):
        return
    limit = min(max_length or MAX_CELL_CHARS, MAX_CELL_CHARS)
    if len(value) > limit and len(value.strip()) > limit:
        raise CellError(
            _("Too long: at most %(max)s characters (this cell has %(count)s).")
            % {"max": limit, "count": f"{len(value.strip()):,}"}
        )


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    kind: TEXT (trimmed text), RAW (the cell as openpyxl gives it, for the app to parse),
    DATE, MONEY (yuan in the file, fen out), INTEGER, CHOICE (a value of `choices`, given by
    value or label — `for_field` takes the field's choices; add Chinese names with
    `Column.with_names`). Whatever the kind, a text cell longer than `max_length` (or
    MAX_CELL_CHARS) is a cell error.
    """

    key: str
    header: str
    required: bool = False
    kind: str = TEXT
    max_length: int | None = None
    aliases: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    # CHOICE: (name, value) pairs; a name matches ignoring case and surrounding spaces.
    choices: tuple[tuple[Any, str], ...] = ()
    invalid_message: str | None = None

    @classmethod
    def for_field(cls, model, field_name: str, header: str, **options) -> Column:
        """A column whose length (or integer range) is the model field's."""
        model_field = model._meta.get_field(field_name)
        options.setdefault("key", field_name)
        if model_field.get_internal_type() == "DateField":
            options.setdefault("kind", DATE)
        if model_field.choices:
            # The cell holds a name (a label, a Chinese name), not the stored value.
            options.setdefault("max_length", MAX_CHOICE_NAME)
            options.setdefault("kind", CHOICE)
            options.setdefault(
                "choices",
                # Labels stay lazy: compared in the language of the request.
                tuple(
                    (name, value)
                    for value, label in model_field.flatchoices
                    for name in (value, label)
                ),
            )
        if getattr(model_field, "max_length", None):
            options.setdefault("max_length", model_field.max_length)
        if model_field.get_internal_type() in INTEGER_RANGES:
            low, high = INTEGER_RANGES[model_field.get_internal_type()]
            options.setdefault("kind", INTEGER)
            options.setdefault("min_value", low)
            options.setdefault("max_value", high)
        return cls(header=header, **options)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    def with_names(self, names: dict[str, str]) -> Column:
        """The same CHOICE column also accepting {value: name} (e.g. the Chinese names)."""
        extra = tuple((name, value) for value, name in names.items())
        return replace(self, choices=self.choices + extra)

    def choice(self, value: Any) -> str | None:
        name = text(value).casefold()
        if not name:
            return None
        for option, choice in self.choices:
            if str(option).strip().casefold() == name:
                return choice
        raise CellError(self.invalid_message or _("Not one of the allowed values."))

    def clean(self, value: Any) -> Any:
        check_length(value, self.max_length)
        if self.kind == RAW:
            return value
        if self.kind == DATE:
            return parse_date(value)
        if self.kind == MONEY:
            return parse_money(value)
        if self.kind == INTEGER:
            return parse_integer(value, min_value=self.min_value, max_value=self.max_value)
        if self.kind == CHOICE:
            return self.choice(value)
        cleaned = text(value)
        check_length(cleaned, self.max_length)
        return cleaned


INTEGER_RANGES = {
    "PositiveSmallIntegerField": (0, 32_767),
    "SmallIntegerField": (-32_768, 32_767),
    "PositiveIntegerField": (0, 2_147_483_647),
    "IntegerField": (-2_147_483_648, 2_147_483_647),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


# --- the workbook -------------------------------------------------------------------------


def not_xlsx() -> ImportFileError:
    return ImportFileError(
        _("This file is not an xlsx workbook. Save it from Excel as .xlsx and try again."),
        code="not_xlsx",
    )


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, 2)
        file.seek(position)
    return size


def _check_package(file: IO[bytes], max_bytes: int | None, max_unpacked: int | None) -> None:
    """Refuse a file that is too large, not a zip, or unpacks to too much."""
    if max_bytes is not None and _size(file) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)},
            code="file_too_large",
        )
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_xlsx() from None
    finally:
        file.seek(0)
    if max_unpacked is not None and unpacked > max_unpacked:
        raise ImportFileError(
            _("The workbook unpacks to more than %(size)s MB: it cannot be an honest list.")
            % {"size": max_unpacked // (1024 * 1024)},
            code="file_too_large",
        )


def _header_key(value: Any) -> str:
    cleaned = text(value).replace("*", "").replace("（", "(").replace("）", ")")
    return "".join(cleaned.split()).casefold()


# A damaged or foreign file fails in openpyxl, zipfile or the XML parser in many ways
# (BadZipFile, InvalidFileException, KeyError, ParseError …); all of them mean the same thing
# to the person uploading it, so any error while reading is "not an xlsx".
UNREADABLE = Exception


@dataclass
class Sheet:
    columns: tuple[Column, ...]
    keys: list[str | None]  # the column key at each position (None: not read)
    rows: Iterator[tuple[int, tuple]]  # (Excel row number, cell values)
    estimated_rows: int | None
    max_rows: int | None = None
    workbook: Any = None
    too_many_rows_message: str | None = None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def header_of(self, key: str) -> str:
        for column in self.columns:
            if column.key == key:
                return column.header
        return key

    def records(
        self, *, skip: Callable[[dict[str, Any]], bool] | None = None
    ) -> Iterator[tuple[int, dict[str, Any], list[tuple[str, str]]]]:
        """(row number, cleaned cells by key, [(key, message)] of bad cells) per non-empty row.

        A bad cell is left out of the cells; `skip` (given the raw cells) drops rows such as
        a template's example. Raises ImportFileError past `max_rows` non-empty rows.
        """
        by_key = {c.key: c for c in self.columns}
        count = 0
        for number, values in self.rows:
            raw = {k: v for k, v in zip(self.keys, values, strict=False) if k is not None}
            if all(is_blank(v) for v in raw.values()):
                continue
            if skip is not None and skip(raw):
                continue
            count += 1
            if self.max_rows is not None and count > self.max_rows:
                raise too_many_rows(self.max_rows, self.too_many_rows_message)
            cells: dict[str, Any] = {}
            errors: list[tuple[str, str]] = []
            for key, value in raw.items():
                try:
                    cells[key] = by_key[key].clean(value)
                except CellError as exc:
                    errors.append((exc.key or key, str(exc)))
            yield number, cells, errors


def too_many_rows(max_rows: int, message: str | None = None) -> ImportFileError:
    message = message or _("The file has more than %(max)s rows: split it.")
    return ImportFileError(message % {"max": f"{max_rows:,}"}, code="too_many_rows")


def read_sheet(
    file: IO[bytes],
    columns: Iterable[Column],
    *,
    max_rows: int | None,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    max_unpacked_bytes: int | None = None,
    unknown_columns: str = "refuse",
    too_many_rows_message: str | None = None,
) -> Sheet:
    """Open the first sheet and match its header to the columns; ImportFileError if unusable.

    max_bytes, max_unpacked_bytes: the file's size and what it may unpack to (default
    MAX_UNPACKED_BYTES); None for no limit, for an operator's file read on the server.
    unknown_columns: "refuse" (the header must be the template's) or "ignore";
    too_many_rows_message: with a %(max)s placeholder, when the file has too many rows.
    The caller closes the sheet (it is a context manager).
    """
    columns = tuple(columns)
    if max_unpacked_bytes is None and max_bytes is not None:
        max_unpacked_bytes = MAX_UNPACKED_BYTES
    _check_package(file, max_bytes, max_unpacked_bytes)
    try:
        workbook = _load(file)
    except UNREADABLE:
        raise not_xlsx() from None
    try:
        sheet, keys, estimate = _first_sheet(workbook, columns, unknown_columns)
        rows = sheet.iter_rows(min_row=2, max_col=len(keys), values_only=True)
    except BaseException:
        workbook.close()
        raise
    numbered = _numbered(rows, max_rows, too_many_rows_message)
    return Sheet(columns, keys, numbered, estimate, max_rows, workbook, too_many_rows_message)


def _load(file: IO[bytes]):
    from openpyxl import load_workbook

    return load_workbook(file, read_only=True, data_only=True)


def _first_sheet(workbook, columns: tuple[Column, ...], unknown_columns: str):
    try:
        sheet = workbook.worksheets[0]
        declared_rows = sheet.max_row
        # Never trust the declared dimension: rows are padded to it, gaps filled with it.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(max_row=1, values_only=True), None)
    except UNREADABLE:
        raise not_xlsx() from None
    if header is None or all(is_blank(v) for v in header):
        raise ImportFileError(_("The workbook's first sheet is empty."))
    header = list(header)
    while header and is_blank(header[-1]):
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(
            _("The header row has more than %(max)s columns.") % {"max": MAX_COLUMNS},
        )
    keys = _header_keys(header, columns, unknown_columns)
    estimate = (declared_rows - 1) if declared_rows else None
    return sheet, keys, estimate


def _header_keys(header: list, columns: tuple[Column, ...], unknown_columns: str):
    by_name = {_header_key(name): c.key for c in columns for name in c.names}
    keys: list[str | None] = []
    unknown: list[str] = []
    for cell in header:
        name = _header_key(cell)
        if not name:
            keys.append(None)
        elif name in by_name and by_name[name] not in keys:
            keys.append(by_name[name])
        else:
            unknown.append(text(cell)[:50])
            keys.append(None)
    missing = [c.header for c in columns if c.required and c.key not in keys]
    if unknown_columns == "ignore":
        unknown = []
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": join_list(missing)})
    if unknown:
        problems.append(_("unknown columns: %(names)s") % {"names": "、".join(unknown)})
    if problems:
        raise ImportFileError(
            _("The header row does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)},
            code="wrong_columns",
        )
    return keys


def _numbered(
    rows: Iterator[tuple], max_rows: int | None, message: str | None
) -> Iterator[tuple[int, tuple]]:
    """Rows with their Excel row numbers; a sheet that breaks halfway is "not an xlsx"."""
    # Even empty rows cost time: a sheet of a million blank rows is refused too.
    limit = None if max_rows is None else 2 * max_rows + 1000
    number = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except UNREADABLE:
            raise not_xlsx() from None
        number += 1
        if limit is not None and number > limit:
            raise too_many_rows(max_rows, message)
        yield number, row


# --- writing ------------------------------------------------------------------------------


def save_all(
    create: Callable[[], int],
    *,
    actor,
    action: str,
    target_type: str,
    filename: str,
    changes: dict[str, Any] | None = None,
    conflict_message: str,
) -> int:
    """Run `create` (which returns how many it made) and audit it, in one transaction.

    A constraint that fires meanwhile (someone else recorded the same thing) rolls
    everything back and refuses the file with `conflict_message`.
    """
    try:
        with transaction.atomic():
            created = create()
            audit.record(
                actor,
                action,
                target_type=target_type,
                target_repr=filename,
                changes={**(changes or {}), "created": created},
            )
    except IntegrityError:
        raise ImportFileError(conflict_message, code="conflict") from None
    return created
