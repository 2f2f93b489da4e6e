"""The export writer: header row, widths, frozen header, typed cells, no live formulas.

    book = ExportWorkbook()
    sheet = book.sheet("人才", [ExportColumn("姓名", width=12), ExportColumn("金额", MONEY)])
    sheet.append(["张三", 3_000_000])  # money is given in fen, written as yuan
    file = book.save()  # a temporary file, rewound

Cell types: TEXT (always a string cell), DATE (a date with yyyy-mm-dd), MONEY (fen in,
yuan out as a number with two decimals), NUMBER (an integer or Decimal as a number).

Formula injection. openpyxl turns any string that starts with "=" into a formula, and a
spreadsheet program may evaluate text starting with "+", "-" or "@" when someone edits the
cell. So every TEXT cell is written as a string cell (its data type set to "s" after the
value, so a name like "=HYPERLINK(...)" is stored as the text it is), and a text that starts
with one of those characters (or a tab or carriage return) also gets Excel's quote-prefix
style — the apostrophe-style quote that keeps it text when edited — without changing the
text itself. Characters XML cannot hold (control characters) are dropped, never a 500.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rencai.core.money import fen_to_yuan

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT, DATE, MONEY, NUMBER = "text", "date", "money", "number"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767
HEADER_FONT = Font(bold=True)


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str = TEXT
    width: int = 14


class ExportSheet:
    """One sheet of an export: the header is written (bold, frozen) when it is created."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[ExportColumn]) -> None:
        self.columns = list(columns)
        self.sheet = workbook.create_sheet(title[:31])
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        header = [self.text(column.header) for column in self.columns]
        for cell in header:
            cell.font = HEADER_FONT
        self.sheet.append(header)
        self.rows = 0

    def append(self, values: Iterable[Any]) -> None:
        """One row, a value per column (None: an empty cell)."""
        self.sheet.append(
            [self.cell(column, value) for column, value in zip(self.columns, values, strict=True)]
        )
        self.rows += 1

    def cell(self, column: ExportColumn, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):  # a label such as "合计" in any column
            return self.text(value)
        if column.kind == DATE:
            return self.date(value)
        if column.kind == MONEY:
            return self.number(fen_to_yuan(value), MONEY_FORMAT)
        if column.kind == NUMBER:
            return self.number(value)
        return self.text(value)

    def text(self, value: Any) -> WriteOnlyCell:
        """A string cell whatever the text: never a formula, never an error value."""
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return cell

    def date(self, value: date) -> WriteOnlyCell:
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            raise TypeError(f"not a date: {value!r}")
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell

    def number(self, value: int | Decimal, number_format: str | None = None) -> WriteOnlyCell:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise TypeError(f"not a number: {value!r}")  # never a float, never text
        cell = WriteOnlyCell(self.sheet, value=value)
        if number_format:
            cell.number_format = number_format
        return cell


def text_only(worksheet) -> None:
    """Make every string cell of an ordinary (not write-only) sheet a string cell.

    For templates built with openpyxl's ordinary API: a catalogue name such as an employer
    "=HYPERLINK(...)" must not become a formula in the help sheet either.
    """
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
                cell.data_type = "s"
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


class ExportWorkbook:
    """A write-only workbook (rows stream to disk) of one or more `ExportSheet`s."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def sheet(self, title: str, columns: Sequence[ExportColumn]) -> ExportSheet:
        return ExportSheet(self.workbook, title, columns)

    def save(self) -> IO[bytes]:
        """The workbook as a temporary file, rewound (the response closes it)."""
        output = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
        self.workbook.save(output)
        output.seek(0)
        return output


def xlsx_download(file: IO[bytes], filename: str) -> FileResponse:
    """A saved workbook (`ExportWorkbook.save()`) as a download named `filename`."""
    return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
