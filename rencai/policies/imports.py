"""Importing entitlements from an xlsx workbook: all or nothing, every bad row reported.

For benefits given before Rencai: the first sheet holds one entitlement per row under the
header 证件号码, 待遇代码, 状态, 金额(元), 享受日期 (the template's second sheet lists the
benefit codes and states). A talent is found by document number among the talents the
importer may see; every row is checked as `record_entitlement` checks it, plus conflicts
between rows of the same file. If any row is wrong nothing is written; otherwise every
entitlement is created in one transaction with one "entitlement.import" audit event.
"""

from __future__ import annotations

import io
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from rencai.core import clock
from rencai.core.errors import PermissionDenied
from rencai.core.xlsx.reading import (
    MONEY,
    CellError,
    Column,
    ImportFileError,
    ImportResult,
    RowError,
    read_sheet,
    save_all,
)
from rencai.core.xlsx.writing import text_only
from rencai.talents.identity import normalise_id_number
from rencai.talents.models import Talent

from . import permissions
from .choices import DEAD_STATES, EntitlementSource, EntitlementState
from .models import Benefit, BenefitVersion, Entitlement
from .selectors import current_version
from .services.entitlements import (
    DUPLICATE_BENEFIT,
    DUPLICATE_GROUP,
    GIVEN_STATES,
    NO_VERSION,
    build_entitlement,
)

__all__ = ["COLUMNS", "ImportFileError", "ImportResult", "RowError", "import_entitlements"]

MAX_ROWS = 20_000

# The file format: Chinese headers and state names are data, not interface text.
STATE_NAMES = {
    EntitlementState.PENDING: "办理中",
    EntitlementState.GRANTED: "已批准",
    EntitlementState.PAID: "已发放",
    EntitlementState.ENDED: "已结束",
    EntitlementState.REJECTED: "未通过",
    EntitlementState.WITHDRAWN: "已撤回",
}
SHEET_COLUMNS: tuple[Column, ...] = (
    Column.for_field(Talent, "id_number", "证件号码", required=True),
    Column.for_field(Benefit, "code", "待遇代码", key="benefit", required=True),
    Column.for_field(
        Entitlement, "state", "状态", required=True, invalid_message=gettext_lazy("Unknown state.")
    ).with_names(STATE_NAMES),
    Column.for_field(Entitlement, "amount_fen", "金额(元)", key="amount", kind=MONEY),
    Column.for_field(Entitlement, "granted_on", "享受日期"),
)
COLUMNS = {c.key: c.header for c in SHEET_COLUMNS}


def _records(file: IO[bytes]) -> list[tuple[int, dict[str, Any], list[tuple[str, str]]]]:
    """(row number, cleaned cells, cell errors) of every non-empty row of the first sheet."""
    with read_sheet(file, SHEET_COLUMNS, max_rows=MAX_ROWS) as sheet:
        return list(sheet.records())


class _Context:
    """Look-ups for one file, each made once: visible talents by number, benefits by code,
    the talents' live entitlements, and versions in force by date."""

    def __init__(self, actor, numbers: set[str], codes: set[str]) -> None:
        self.talents: dict[str, list[Talent]] = {}
        for talent in Talent.objects.for_actor(actor).filter(id_number__in=sorted(numbers)):
            self.talents.setdefault(talent.id_number, []).append(talent)
        self.benefits = {b.code: b for b in Benefit.objects.filter(code__in=sorted(codes))}
        ids = [t.pk for ts in self.talents.values() for t in ts]
        self.live_benefits: set[tuple[int, int]] = set()
        self.live_groups: dict[tuple[int, str], str] = {}
        live = Entitlement.objects.live().filter(talent_id__in=ids).select_related("benefit")
        for e in live:
            self.live_benefits.add((e.talent_id, e.benefit_id))
            if e.exclusivity_group:
                self.live_groups[(e.talent_id, e.exclusivity_group)] = e.benefit.name
        self._versions: dict[tuple[int, date], BenefitVersion | None] = {}

    def version(self, benefit: Benefit, day: date) -> BenefitVersion:
        key = (benefit.pk, day)
        if key not in self._versions:
            self._versions[key] = current_version(benefit, day)
        found = self._versions[key]
        if found is None:
            raise CellError(str(NO_VERSION), key="granted_on")
        return found

    def conflict(self, talent: Talent, benefit: Benefit) -> str | None:
        if (talent.pk, benefit.pk) in self.live_benefits:
            return str(DUPLICATE_BENEFIT)
        name = self.live_groups.get((talent.pk, benefit.exclusivity_group))
        if benefit.exclusivity_group and name:
            return str(DUPLICATE_GROUP % {"benefit": name})
        return None


def _check_row(
    cells: dict[str, Any], cell_errors: list[tuple[str, str]], *, actor, ctx: _Context
) -> tuple[Entitlement | None, list]:
    errors: list[tuple[str, str]] = list(cell_errors)
    bad = {key for key, _m in cell_errors}
    number = normalise_id_number(cells.get("id_number", ""))
    matches = ctx.talents.get(number, [])
    if "id_number" not in bad and not number:
        errors.append(("id_number", _("Enter the document number.")))
    elif "id_number" not in bad and len(matches) != 1:
        errors.append(("id_number", _("No talent with this document number in your scope.")))
    benefit = ctx.benefits.get(cells.get("benefit", ""))
    if benefit is None and "benefit" not in bad:
        errors.append(("benefit", _("Unknown benefit code.")))
    state = cells.get("state")
    if state is None and "state" not in bad:
        errors.append(("state", _("Unknown state.")))
    if errors:
        return None, errors
    talent = matches[0]
    granted_on = cells.get("granted_on")
    if not permissions.can_record_entitlement(actor, talent, benefit):
        return None, [("benefit", _("You may not record this benefit for this talent."))]
    if state in GIVEN_STATES and granted_on is None:
        return None, [("granted_on", _("Enter the date the benefit was given."))]
    try:
        version = ctx.version(benefit, granted_on or clock.today())
        entitlement = build_entitlement(
            talent,
            benefit,
            state=state,
            source=EntitlementSource.IMPORT,
            amount_fen=cells.get("amount"),
            granted_on=granted_on,
            actor=actor,
            version=version,
        )
    except CellError as exc:
        return None, [(exc.key, str(exc))]
    except ValidationError as exc:
        key_of = {"amount": "amount", "granted_on": "granted_on", "ended_on": "granted_on"}
        return None, [
            (key_of.get(k, "state"), str(m)) for k, ms in exc.message_dict.items() for m in ms
        ]
    if state not in DEAD_STATES and (message := ctx.conflict(talent, benefit)):
        return None, [("benefit", message)]
    return entitlement, []


def check_rows(file: IO[bytes], *, actor) -> tuple[list[Entitlement], ImportResult]:
    """Validate every row; return the unsaved entitlements and the result (all errors)."""
    records = _records(file)
    ctx = _Context(
        actor,
        {normalise_id_number(cells.get("id_number", "")) for _n, cells, _e in records},
        {cells.get("benefit", "") for _n, cells, _e in records},
    )
    result = ImportResult()
    valid: list[Entitlement] = []
    seen_benefit: dict[tuple[int, int], int] = {}
    seen_group: dict[tuple[int, str], int] = {}
    for number, cells, cell_errors in records:
        result.rows += 1
        entitlement, errors = _check_row(cells, cell_errors, actor=actor, ctx=ctx)
        if entitlement is not None and entitlement.state not in DEAD_STATES:
            key = (entitlement.talent_id, entitlement.benefit_id)
            group = (entitlement.talent_id, entitlement.exclusivity_group)
            earlier = seen_benefit.get(key) or (
                seen_group.get(group) if entitlement.exclusivity_group else None
            )
            if earlier:
                errors = [
                    ("benefit", _("Conflicts with row %(row)s of this file.") % {"row": earlier})
                ]
            else:
                seen_benefit[key] = number
                if entitlement.exclusivity_group:
                    seen_group[group] = number
        result.errors.extend(RowError(number, COLUMNS[k], str(m)) for k, m in errors)
        if not errors and entitlement is not None:
            valid.append(entitlement)
    return valid, result


def import_entitlements(file: IO[bytes], *, actor, filename: str = "") -> ImportResult:
    """Check the whole workbook, then create every entitlement in one transaction, or none."""
    if not permissions.can_import_entitlements(actor):
        raise PermissionDenied(gettext_lazy("You may not import entitlements."))
    valid, result = check_rows(file, actor=actor)
    if not result.ok:
        return result
    if not valid:
        raise ImportFileError(_("The file has no rows to import."))
    result.created = save_all(
        lambda: len(Entitlement.objects.bulk_create(valid, batch_size=1000)),
        actor=actor,
        action="entitlement.import",
        target_type="policies.entitlement",
        filename=filename,
        conflict_message=_(
            "Someone recorded one of these benefits meanwhile; nothing was imported."
        ),
    )
    return result


def template_workbook() -> bytes:
    """The import template: the header row, an example, and a sheet of codes and states."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "享受记录"
    sheet.append(list(COLUMNS.values()))
    for column, width in zip("ABCDE", (24, 28, 10, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet["A"]:
        cell.number_format = "@"  # document numbers as text: Excel would lose digits
    codes = workbook.create_sheet("待遇代码与状态")
    codes.append(["待遇代码", "待遇名称", "", "状态", "说明"])
    benefits = list(Benefit.objects.order_by("code").values_list("code", "name"))
    states = [(STATE_NAMES[v], v) for v in EntitlementState.values]
    for i in range(max(len(benefits), len(states))):
        code, name = benefits[i] if i < len(benefits) else ("", "")
        state, value = states[i] if i < len(states) else ("", "")
        codes.append([code, name, "", state, value])
    text_only(codes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
