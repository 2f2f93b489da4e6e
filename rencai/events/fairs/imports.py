"""Importing a fair's positions from an xlsx workbook: all or nothing, every bad row reported.

One position per row under the header 企业名称, 统一社会信用代码, 展位, 岗位名称, 招聘人数,
月薪下限(元), 月薪上限(元), 学历要求, 工作地点, 岗位描述. The enterprise is found by credit code
(else by exact name) among enterprises and institutes; one not yet taking part in the fair is
added to it (at the row's booth). Every row is checked as `post_position` checks it; if any row
is wrong nothing is written, otherwise everything is saved in one transaction with one
"fair.position_import" audit event. Only the fair's organiser imports.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from rencai.core.errors import PermissionDenied
from rencai.core.models import Division, Organisation
from rencai.core.xlsx.reading import (
    MONEY,
    Column,
    ImportResult,
    RowError,
    read_sheet,
    save_all,
)
from rencai.events.models import Event
from rencai.talents.models import Degree

from . import permissions
from .choices import PARTICIPANT_KINDS
from .models import FairEnterprise, Position
from .services.positions import build_participant, build_position, check_job_fair

MAX_ROWS = 5_000

SHEET_COLUMNS: tuple[Column, ...] = (
    Column.for_field(Organisation, "name", "企业名称", key="enterprise", required=True),
    Column.for_field(Organisation, "credit_code", "统一社会信用代码", key="credit_code"),
    Column.for_field(FairEnterprise, "booth", "展位"),
    Column.for_field(Position, "title", "岗位名称", required=True),
    Column.for_field(Position, "headcount", "招聘人数", required=True, min_value=1),
    Column.for_field(Position, "salary_min_fen", "月薪下限(元)", key="salary_min", kind=MONEY),
    Column.for_field(Position, "salary_max_fen", "月薪上限(元)", key="salary_max", kind=MONEY),
    Column.for_field(Degree, "name", "学历要求", key="degree"),
    Column.for_field(Division, "name", "工作地点", key="county"),
    Column.for_field(Position, "description", "岗位描述"),
)
COLUMNS = {c.key: c.header for c in SHEET_COLUMNS}


class _Context:
    """Look-ups for one file, each made once."""

    def __init__(self, fair: Event, records) -> None:
        codes = {c.get("credit_code") for _n, c, _e in records} - {None, ""}
        names = {c.get("enterprise") for _n, c, _e in records} - {None, ""}
        organisations = Organisation.objects.filter(kind__in=PARTICIPANT_KINDS).filter(
            Q(credit_code__in=sorted(codes)) | Q(name__in=sorted(names))
        )
        self.by_code = {o.credit_code: o for o in organisations if o.credit_code}
        self.by_name: dict[str, list[Organisation]] = {}
        for o in organisations:
            self.by_name.setdefault(o.name, []).append(o)
        self.participants = {
            p.organisation_id: p
            for p in FairEnterprise.objects.filter(fair=fair).select_related("organisation")
        }
        self.degrees = {d.name: d for d in Degree.objects.all()}
        self.counties = {d.name: d for d in Division.objects.filter(level="county")}

    def organisation(self, cells: dict[str, Any]) -> Organisation | None:
        if code := cells.get("credit_code"):
            return self.by_code.get(code)
        found = self.by_name.get(cells.get("enterprise", ""), [])
        return found[0] if len(found) == 1 else None


def _check_row(cells, cell_errors, *, fair, actor, ctx: _Context, new: dict):
    errors: list[tuple[str, str]] = list(cell_errors)
    bad = {key for key, _m in cell_errors}
    organisation = ctx.organisation(cells)
    if organisation is None and not bad & {"enterprise", "credit_code"}:
        errors.append(("enterprise", _("No enterprise or institute with this name or code.")))
    degree = None
    if (name := cells.get("degree")) and (degree := ctx.degrees.get(name)) is None:
        errors.append(("degree", _("Unknown degree.")))
    county = None
    if (name := cells.get("county")) and (county := ctx.counties.get(name)) is None:
        errors.append(("county", _("Unknown county.")))
    if errors or organisation is None:
        return None, errors
    participant = ctx.participants.get(organisation.pk) or new.get(organisation.pk)
    try:
        if participant is None:
            participant = build_participant(
                fair, organisation, actor=actor, booth=cells.get("booth", "")
            )
            new[organisation.pk] = participant
        position = build_position(
            participant,
            actor=actor,
            title=cells.get("title", ""),
            headcount=cells.get("headcount") or 0,
            salary_min_fen=cells.get("salary_min"),
            salary_max_fen=cells.get("salary_max"),
            degree=degree,
            county=county,
            description=cells.get("description", ""),
        )
    except ValidationError as exc:
        key_of = {"salary_min_fen": "salary_min", "salary_max_fen": "salary_max"}
        return None, [
            (key_of.get(k, k if k in COLUMNS else "title"), str(m))
            for k, ms in exc.message_dict.items()
            for m in ms
        ]
    return position, []


def import_positions(fair: Event, file: IO[bytes], *, actor, filename: str = "") -> ImportResult:
    """Check every row; if all are right, add the new enterprises and save every position."""
    check_job_fair(fair)
    if not permissions.can_manage_fair(actor, fair):
        raise PermissionDenied(_("Only the fair's organiser imports positions."))
    with read_sheet(file, SHEET_COLUMNS, max_rows=MAX_ROWS) as sheet:
        records = list(sheet.records())
    ctx = _Context(fair, records)
    result = ImportResult()
    new: dict[int, FairEnterprise] = {}
    positions: list[Position] = []
    booths = {p.booth for p in ctx.participants.values() if p.booth}
    for number, cells, cell_errors in records:
        result.rows += 1
        before = set(new)
        position, errors = _check_row(cells, cell_errors, fair=fair, actor=actor, ctx=ctx, new=new)
        for organisation_id in set(new) - before:
            booth = new[organisation_id].booth
            if booth and booth in booths:
                errors = [("booth", _("Another enterprise has this booth."))]
            booths.add(booth)
        result.errors.extend(RowError(number, COLUMNS.get(k, ""), str(m)) for k, m in errors)
        if position is not None and not errors:
            positions.append(position)
    if not result.ok:
        return result

    def create() -> int:
        for participant in new.values():
            participant.save()
        Position.objects.bulk_create(positions)
        return len(positions)

    result.created = save_all(
        create,
        actor=actor,
        action="fair.position_import",
        target_type="fairs.position",
        filename=filename or "positions.xlsx",
        changes={"fair": fair.pk, "enterprises_added": len(new)},
        conflict_message=_("Someone changed this fair's enterprises meanwhile: try again."),
    )
    return result
