"""Hostile workbooks for the import tests, built small: what openpyxl will not write itself.

openpyxl truncates a cell to Excel's 32,767 characters when it writes one, so a huge cell is
written as a placeholder and swapped in the packed XML; a huge dimension and a far row are
written into the sheet's XML the same way. Every file stays a few kilobytes.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

PLACEHOLDER = "HOSTILE-CELL"


def workbook_bytes(header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def rewrite(content: bytes, edit: Callable[[str, str], str]) -> bytes:
    """The same package with every XML part passed through edit(name, text)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xml"):
                data = edit(info.filename, data.decode()).encode()
            target.writestr(info.filename, data)
    return output.getvalue()


def with_huge_cell(content: bytes, characters: int, *, fill: str = "王") -> bytes:
    """Replace the PLACEHOLDER cell's text with `characters` characters."""
    huge = fill * characters
    return rewrite(content, lambda _name, text: text.replace(PLACEHOLDER, huge))


def with_far_row(content: bytes) -> bytes:
    """Claim a sheet of 1,048,576 rows by 16,384 columns and put one cell in the last row.

    A reader that trusts the dimension pads every missing row to 16,384 cells: a billion
    empty cells from a file of a few kilobytes.
    """

    def edit(name: str, text: str) -> str:
        if not name.startswith("xl/worksheets/sheet"):
            return text
        text = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', text)
        far = '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
        return text.replace("</sheetData>", far + "</sheetData>", 1)

    return rewrite(content, edit)


def with_padding(content: bytes, size: int) -> bytes:
    """Add `size` bytes of zeros to the package: packs to almost nothing, unpacks to size."""
    output = io.BytesIO(content)
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/padding.bin", b"\0" * size)
    return output.getvalue()


def random_bytes(size: int = 4096, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(size)
