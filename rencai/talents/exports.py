"""Workbooks the registry writes: the filtered talent list, and the import template.

An export is masked (numbers masked, age instead of birth date, no sex) unless the actor asks
for full numbers and holds that permission; either way one audit event is written per export.
A full export uses the import template's columns, so it can be imported again.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rencai.core import audit, city, clock
from rencai.core.choices import DivisionLevel, Role
from rencai.core.errors import PermissionDenied
from rencai.core.masking import mask_field, mask_id_number, mask_mobile
from rencai.core.models import Division
from rencai.core.permissions import roles_of
from rencai.core.xlsx.writing import DATE, NUMBER, ExportColumn, ExportWorkbook, text_only

from .choices import IdType
from .identity import make_ric
from .imports import COLUMNS, EXAMPLE_MARKER, EXTRA_COLUMNS, ID_TYPE_NAMES, employer_queryset
from .models import Degree, Tag, Talent, Tier, Title
from .permissions import can_browse_registry, can_export_full_numbers
from .selectors import TalentFilters, search_talents

DATE_FORMAT = "yyyy-mm-dd"
SHEET_TITLE = "人才"
HELP_SHEET_TITLE = "填写说明"
AGE_HEADER = "年龄"
TEXT_COLUMNS = ("id_number", "mobile")


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def export_headers(*, full: bool) -> list[str]:
    """The import template's columns; a masked export shows age instead of the birth date."""
    return [c.header for c in export_columns(full=full)]


# Widths by column key, in characters; dates are dates, the masked age a number, the rest text.
WIDTHS = {"name": 12, "id_number": 22, "mobile": 14, "school": 20, "major": 20, "employer": 24}
DATE_KEYS = ("birth_date", "graduation_date", "arrival_date")


def export_columns(*, full: bool) -> list[ExportColumn]:
    columns = []
    for column in (*COLUMNS, *EXTRA_COLUMNS):
        if column.key == "birth_date" and not full:
            columns.append(ExportColumn(AGE_HEADER, NUMBER, width=8))
            continue
        kind = DATE if column.key in DATE_KEYS else "text"
        columns.append(ExportColumn(column.header, kind, width=WIDTHS.get(column.key, 14)))
    return columns


def export_talents(
    actor, filters: TalentFilters, *, full: bool = False, today: date | None = None
) -> ExportFile:
    """The actor's filtered talent list as an xlsx file (a temporary file, rewound)."""
    if not can_browse_registry(actor):
        raise PermissionDenied(gettext_lazy("You may not export the registry."))
    if full and not can_export_full_numbers(actor):
        raise PermissionDenied(gettext_lazy("Your role may not export full identity numbers."))
    today = today or clock.today()
    talents = search_talents(actor, filters).prefetch_related("tags")
    book = ExportWorkbook()
    sheet = book.sheet(SHEET_TITLE, export_columns(full=full))
    for talent in talents.iterator(chunk_size=2000):
        sheet.append(_row(talent, full=full, today=today))
    output = book.save()
    audit.record(
        actor,
        "talent.export_full" if full else "talent.export",
        target_type="talents.talent",
        target_repr=_("Talent list"),
        changes={"count": sheet.rows, "filters": _masked_filters(filters)},
    )
    kind = "full" if full else "masked"
    return ExportFile(output, f"talents-{kind}-{today:%Y%m%d}.xlsx", sheet.rows)


def _row(talent: Talent, *, full: bool, today: date) -> list[Any]:
    return [
        talent.name,
        ID_TYPE_NAMES.get(talent.id_type, talent.id_type),
        talent.id_number if full else mask_id_number(talent.id_number),
        talent.mobile if full else mask_mobile(talent.mobile),
        talent.county.name,
        talent.birth_date if full else talent.age_on(today),
        talent.degree.name if talent.degree else None,
        talent.school or None,
        talent.major or None,
        talent.graduation_date,
        talent.title.name if talent.title else None,
        talent.employer.name if talent.employer else None,
        talent.tier.name if talent.tier else None,
        "、".join(tag.name for tag in talent.tags.all()) or None,
        talent.arrival_date,
        talent.id_country or None,
    ]


def _masked_filters(filters: TalentFilters) -> dict[str, Any]:
    return {
        name: mask_field(name, value)
        for name, value in vars(filters).items()
        if value not in ("", None)
    }


# --- the import template ------------------------------------------------------------------


def template_counties(actor) -> QuerySet[Division]:
    """The counties an actor may import into: their own, or all for the task force."""
    counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE):
        return counties
    return counties.filter(pk__in=sorted(roles.division_ids(Role.COUNTY_OFFICER)))


def build_import_template(actor) -> IO[bytes]:
    """The xlsx template: the header row, one example row, and a sheet of allowed values."""
    counties = list(template_counties(actor))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in COLUMNS])
    sheet.append(_example_row(counties[0] if counties else None))
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[letter].width = 22 if column.key in TEXT_COLUMNS else 14
        if column.key in TEXT_COLUMNS:
            # Excel keeps only 15 digits of a number: identity numbers must be text.
            sheet.column_dimensions[letter].number_format = "@"
        elif column.key in ("birth_date", "graduation_date", "arrival_date"):
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            sheet.cell(row=2, column=index).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    _write_help(workbook.create_sheet(HELP_SHEET_TITLE), counties)
    for worksheet in workbook.worksheets:
        text_only(worksheet)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output


def _example_row(county: Division | None) -> list[Any]:
    area = county.code if county else city.current().division_code
    degree = Degree.objects.order_by("rank").values_list("name", flat=True)
    tag = Tag.objects.values_list("name", flat=True).first()
    return [
        f"{EXAMPLE_MARKER}张三",
        ID_TYPE_NAMES[IdType.RIC],
        make_ric(area, date(1990, 5, 17), 123),
        "13800138000",
        county.name if county else "",
        None,
        degree[1] if len(degree) > 1 else (degree[0] if degree else None),
        "武汉大学",
        "计算机科学与技术",
        date(2015, 6, 30),
        None,
        None,
        None,
        tag,
        date(2020, 9, 1),
    ]


def _write_help(sheet: Worksheet, counties: list[Division]) -> None:
    bold = Font(bold=True)
    required = "、".join(c.header for c in COLUMNS if c.required)
    lines = [
        _("How to fill in this template"),
        _("One talent per row on the first sheet. Keep the header row."),
        _("Required columns: %(names)s. Everything else is optional.") % {"names": required},
        _("Row 2 is an example and is never imported: overwrite or delete it."),
        _("Document type: empty means resident identity card."),
        _("Birth date: read from ID cards and residence permits; enter it for other documents."),
        _("Dates: an Excel date, or text as YYYY-MM-DD."),
        _("Identity numbers and mobiles: enter them as text, never as numbers."),
        _("Tags: several, separated by 、 or a comma."),
        _("Passports: add a column 签发国家 with the issuing country."),
        _("Values below may be given by name or by code."),
        _("If any row is wrong, nothing is imported and every error is listed by row number."),
    ]
    for index, line in enumerate(lines):
        sheet.append([line])
        if index == 0:
            sheet.cell(row=1, column=1).font = bold
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        ("证件类型", [(code, name) for code, name in ID_TYPE_NAMES.items()]),
        ("县市区", [(c.code, c.name) for c in counties]),
        ("学历", list(Degree.objects.values_list("code", "name"))),
        ("职称", list(Title.objects.values_list("code", "name"))),
        ("人才层次", list(Tier.objects.values_list("code", "name"))),
        ("标签", list(Tag.objects.values_list("code", "name"))),
        ("工作单位", [(o.credit_code, o.name) for o in employer_queryset()]),
    ]
    for title, values in sections:
        sheet.append([])
        sheet.append([title, _("Code"), _("Name")])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for code, name in values:
            sheet.append(["", code, name])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 40


def export_cards(actor, cards: QuerySet) -> tuple[IO[bytes], str]:
    """The card records the card list's filters keep, every page, as the list shows them (no
    identity number, no mobile); one audit event."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Talent cards"),
        [
            ExportColumn(_("Recorded at"), DATE, width=12),
            ExportColumn(_("Name"), width=12),
            ExportColumn(_("County"), width=12),
            ExportColumn(_("Card kind"), width=16),
            ExportColumn(_("Card number"), width=20),
            ExportColumn(_("Valid from"), DATE, width=12),
            ExportColumn(_("Valid to"), DATE, width=12),
            ExportColumn(_("Status"), width=10),
        ],
    )
    for card in cards.iterator(chunk_size=2000):
        kind = card.get_kind_display()
        if card.level:
            kind = f"{kind} · {card.get_level_display()}"
        sheet.append(
            [
                localtime(card.issued_at).date(),
                card.talent.name,
                str(card.talent.county or ""),
                kind,
                card.number,
                card.valid_from,
                card.valid_to,
                card.get_status_display(),
            ]
        )
    output = book.save()
    audit.record(
        actor,
        "card.export",
        target_type="talents.talentcard",
        target_repr=_("Talent cards"),
        changes={"rows": sheet.rows},
    )
    return output, f"talent-cards-{clock.today():%Y%m%d}.xlsx"
