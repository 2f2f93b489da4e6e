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
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from rencai.core import audit
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.money import AmountTooLarge, yuan_to_fen
from rencai.core.text import join_list
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

MAX_ROWS = 20_000
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")

# The file format: Chinese headers and state names are data, not interface text.
COLUMNS = {
    "id_number": "证件号码",
    "benefit": "待遇代码",
    "state": "状态",
    "amount": "金额(元)",
    "granted_on": "享受日期",
}
REQUIRED = ("id_number", "benefit", "state")
STATE_NAMES = {
    EntitlementState.PENDING: "办理中",
    EntitlementState.GRANTED: "已批准",
    EntitlementState.PAID: "已发放",
    EntitlementState.ENDED: "已结束",
    EntitlementState.REJECTED: "未通过",
    EntitlementState.WITHDRAWN: "已撤回",
}


class ImportFileError(DomainError):
    """The whole file is refused: not an xlsx, wrong columns, too many rows, no rows."""

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
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise CellError("granted_on", _("Enter a date as YYYY-MM-DD."))


def _amount(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        # Excel gives numbers as floats: go through their shortest text, never float maths.
        fen = yuan_to_fen(repr(value) if isinstance(value, float) else _text(value))
    except AmountTooLarge:
        raise CellError("amount", _("The amount is too large.")) from None
    except (ValueError, TypeError):
        raise CellError("amount", _("Enter an amount in yuan, e.g. 30000.00.")) from None
    if fen < 0:
        raise CellError("amount", _("The amount cannot be negative."))
    return fen


def _state_index() -> dict[str, str]:
    index = {}
    for value, label in EntitlementState.choices:
        for name in (value, str(label), STATE_NAMES[value]):
            index[name.strip().casefold()] = value
    return index


def _header(row: tuple) -> list[str | None]:
    by_header = {header: key for key, header in COLUMNS.items()}
    keys: list[str | None] = []
    unknown = []
    for cell in row:
        text = _text(cell).replace("*", "").replace("（", "(").replace("）", ")").strip()
        if not text:
            keys.append(None)
        elif text in by_header and by_header[text] not in keys:
            keys.append(by_header[text])
        else:
            unknown.append(text)
            keys.append(None)
    missing = [COLUMNS[k] for k in REQUIRED if k not in keys]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(names)s") % {"names": join_list(missing)})
        if unknown:
            problems.append(_("unknown columns: %(names)s") % {"names": join_list(unknown)})
        raise ImportFileError(
            _("The header row does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )
    return keys


def _rows(file: IO[bytes]) -> tuple[list[str | None], list[tuple[int, tuple]]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (a damaged or foreign file fails in many ways)
        raise ImportFileError(
            _("This file is not an xlsx workbook. Save it from Excel as .xlsx and try again."),
            code="not_xlsx",
        ) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The workbook's first sheet is empty."))
        keys = _header(header)
        numbered = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            numbered.append((number, values))
            if len(numbered) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s rows: split it.") % {"max": f"{MAX_ROWS:,}"}
                )
    finally:
        workbook.close()
    return keys, numbered


class _Context:
    """Look-ups for one file, each made once: visible talents by number, benefits by code,
    states, the talents' live entitlements, and versions in force by date."""

    def __init__(self, actor, numbers: set[str], codes: set[str]) -> None:
        self.talents: dict[str, list[Talent]] = {}
        for talent in Talent.objects.for_actor(actor).filter(id_number__in=sorted(numbers)):
            self.talents.setdefault(talent.id_number, []).append(talent)
        self.benefits = {b.code: b for b in Benefit.objects.filter(code__in=sorted(codes))}
        self.states = _state_index()
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
            raise CellError("granted_on", str(NO_VERSION))
        return found

    def conflict(self, talent: Talent, benefit: Benefit) -> str | None:
        if (talent.pk, benefit.pk) in self.live_benefits:
            return str(DUPLICATE_BENEFIT)
        name = self.live_groups.get((talent.pk, benefit.exclusivity_group))
        if benefit.exclusivity_group and name:
            return str(DUPLICATE_GROUP % {"benefit": name})
        return None


def _check_row(raw: dict[str, Any], *, actor, ctx: _Context) -> tuple[Entitlement | None, list]:
    errors: list[tuple[str, str]] = []
    number = normalise_id_number(_text(raw.get("id_number")))
    matches = ctx.talents.get(number, [])
    if not number:
        errors.append(("id_number", _("Enter the document number.")))
    elif len(matches) != 1:
        errors.append(("id_number", _("No talent with this document number in your scope.")))
    benefit = ctx.benefits.get(_text(raw.get("benefit")))
    if benefit is None:
        errors.append(("benefit", _("Unknown benefit code.")))
    state = ctx.states.get(_text(raw.get("state")).casefold())
    if state is None:
        errors.append(("state", _("Unknown state.")))
    parsed: dict[str, Any] = {}
    for key, parse in (("amount", _amount), ("granted_on", _date)):
        try:
            parsed[key] = parse(raw.get(key))
        except CellError as exc:
            errors.append((exc.key, str(exc)))
    if errors:
        return None, errors
    talent = matches[0]
    if not permissions.can_record_entitlement(actor, talent, benefit):
        return None, [("benefit", _("You may not record this benefit for this talent."))]
    if state in GIVEN_STATES and parsed["granted_on"] is None:
        return None, [("granted_on", _("Enter the date the benefit was given."))]
    try:
        version = ctx.version(benefit, parsed["granted_on"] or timezone.localdate())
        entitlement = build_entitlement(
            talent,
            benefit,
            state=state,
            source=EntitlementSource.IMPORT,
            amount_fen=parsed["amount"],
            granted_on=parsed["granted_on"],
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
    keys, rows = _rows(file)
    records = [
        (n, {k: v for k, v in zip(keys, values, strict=False) if k is not None})
        for n, values in rows
    ]
    ctx = _Context(
        actor,
        {normalise_id_number(_text(r.get("id_number"))) for _n, r in records},
        {_text(r.get("benefit")) for _n, r in records},
    )
    result = ImportResult()
    valid: list[Entitlement] = []
    seen_benefit: dict[tuple[int, int], int] = {}
    seen_group: dict[tuple[int, str], int] = {}
    for number, raw in records:
        result.rows += 1
        entitlement, errors = _check_row(raw, actor=actor, ctx=ctx)
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
    try:
        with transaction.atomic():
            Entitlement.objects.bulk_create(valid, batch_size=1000)
            result.created = len(valid)
            audit.record(
                actor,
                "entitlement.import",
                target_type="policies.entitlement",
                target_repr=filename,
                changes={"created": result.created},
            )
    except IntegrityError:
        raise ImportFileError(
            _("Someone recorded one of these benefits meanwhile; nothing was imported.")
        ) from None
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
