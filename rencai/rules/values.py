"""Decoding the JSON values a rule or an amount compares with, each by its fact's type.

Each decoder returns the typed value, or records problems through `report(path, reason,
**params)` and returns None. JSON floats are refused everywhere: numbers and money are
written as decimal strings (or integers) and decoded as Decimal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from .dates import MAX_DAYS, MAX_MONTHS, MAX_YEARS
from .errors import ErrorCode, Reason
from .facts import SLUG
from .tree import FixedDate, RelativeDate

Report = Callable[..., None]  # report(path, code, **params)

DECIMAL = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,6})?$")
YUAN = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_INT = 10**15
OFFSET_LIMITS = {"years": MAX_YEARS, "months": MAX_MONTHS, "days": MAX_DAYS}


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def bad(report: Report, path: str, reason: Reason, **params: Any) -> None:
    report(path, ErrorCode.BAD_VALUE, reason=str(reason), **params)


def decode_text(raw: Any, path: str, report: Report) -> str | None:
    if not isinstance(raw, str):
        bad(report, path, Reason.WRONG_TYPE, expected="text")
        return None
    if not raw:
        bad(report, path, Reason.EMPTY)
        return None
    return raw


def decode_number(raw: Any, path: str, report: Report) -> Decimal | None:
    """An int, or a plain decimal string ("3.5", "-2"); never a float or a bool."""
    if isinstance(raw, float):
        bad(report, path, Reason.FLOAT, value=raw)
        return None
    if is_int(raw):
        if abs(raw) > MAX_INT:
            bad(report, path, Reason.OUT_OF_RANGE, value=raw, min=-MAX_INT, max=MAX_INT)
            return None
        return Decimal(raw)
    if not isinstance(raw, str):
        bad(report, path, Reason.WRONG_TYPE, expected="number")
        return None
    if not DECIMAL.match(raw):
        bad(report, path, Reason.NOT_A_NUMBER, value=raw)
        return None
    return Decimal(raw)


def decode_years(raw: Any, path: str, report: Report) -> int | None:
    """A whole number of years, 0 … MAX_YEARS."""
    if isinstance(raw, float):
        bad(report, path, Reason.FLOAT, value=raw)
        return None
    if not is_int(raw):
        bad(report, path, Reason.WRONG_TYPE, expected="years")
        return None
    if not 0 <= raw <= MAX_YEARS:
        bad(report, path, Reason.OUT_OF_RANGE, value=raw, min=0, max=MAX_YEARS)
        return None
    return int(raw)


def decode_iso_date(raw: Any, path: str, report: Report) -> date | None:
    if not isinstance(raw, str) or not ISO_DATE.match(raw):
        bad(report, path, Reason.BAD_DATE, value=raw if isinstance(raw, str) else repr(raw))
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        bad(report, path, Reason.BAD_DATE, value=raw)
        return None


def decode_date(raw: Any, path: str, report: Report) -> FixedDate | RelativeDate | None:
    """{"date": "YYYY-MM-DD"} or {"on": {"years": Y, "months": M, "days": D}}."""
    if not isinstance(raw, dict) or len(raw) != 1 or not ({"date", "on"} & raw.keys()):
        bad(report, path, Reason.WRONG_TYPE, expected="date")
        return None
    if "date" in raw:
        fixed = decode_iso_date(raw["date"], f"{path}.date", report)
        return FixedDate(fixed) if fixed is not None else None
    return decode_offset(raw["on"], f"{path}.on", report)


def decode_offset(raw: Any, path: str, report: Report) -> RelativeDate | None:
    if not isinstance(raw, dict):
        bad(report, path, Reason.WRONG_TYPE, expected="offset")
        return None
    ok = True
    for key in raw.keys() - OFFSET_LIMITS.keys():
        report(f"{path}.{key}", ErrorCode.BAD_SHAPE, reason=str(Reason.UNKNOWN_KEY), key=str(key))
        ok = False
    parts: dict[str, int] = {}
    for key, limit in OFFSET_LIMITS.items():
        if key not in raw:
            continue
        value = raw[key]
        if not is_int(value):
            reason = Reason.FLOAT if isinstance(value, float) else Reason.WRONG_TYPE
            bad(report, f"{path}.{key}", reason, expected="integer")
            ok = False
        elif abs(value) > limit:
            bad(report, f"{path}.{key}", Reason.OUT_OF_RANGE, value=value, min=-limit, max=limit)
            ok = False
        else:
            parts[key] = int(value)
    return RelativeDate(**parts) if ok else None


def decode_code(
    raw: Any, path: str, report: Report, codes: dict[str, int] | None, fact: str
) -> str | None:
    """A code from the fact's list; with no list (open-ended), any slug."""
    if not isinstance(raw, str):
        bad(report, path, Reason.WRONG_TYPE, expected="code", fact=fact)
        return None
    if not raw:
        bad(report, path, Reason.EMPTY, fact=fact)
        return None
    known = SLUG.match(raw) is not None if codes is None else raw in codes
    if not known:
        bad(report, path, Reason.UNKNOWN_CODE, value=raw, fact=fact)
        return None
    return raw


def decode_yuan(raw: Any, path: str, report: Report) -> int | None:
    """A yuan amount as a string ("30000.00"), ≥ 0, at most two decimals → integer fen."""
    if isinstance(raw, float):
        bad(report, path, Reason.FLOAT, value=raw)
        return None
    if not isinstance(raw, str) or not YUAN.match(raw):
        bad(report, path, Reason.NOT_AN_AMOUNT, value=raw if isinstance(raw, str) else repr(raw))
        return None
    return int(Decimal(raw) * 100)
