"""Identity documents: parsing and checking numbers (GB 11643 and the others of catalogues.md).

`stdnum.cn.ric.is_valid` is not used: it rejects real numbers through its area-code table
(python-stdnum #442). We check the check digit and the birth date ourselves; an unknown area
code is only a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn.ric import calc_check_digit

from .choices import CHECKSUMMED_ID_TYPES, IdType, Sex

RIC_RE = re.compile(r"^\d{17}[\dX]$")
HK_MO_TW_PREFIXES = ("810000", "820000", "830000")
FOREIGN_PERMANENT_RE = re.compile(r"^([A-Z]{3}\d{12}|9\d{17}|9\d{16}X)$")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")


@dataclass(frozen=True)
class ParsedId:
    id_type: str
    number: str
    birth_date: date | None = None
    sex: str = ""


def normalise_id_number(number: str) -> str:
    """Upper-case, without spaces: a trailing x is stored as X."""
    return re.sub(r"\s", "", number or "").upper()


def parse_id(id_type: str, number: str, *, today: date | None = None) -> ParsedId:
    """Check a document number and derive what it carries; raise ValidationError if wrong."""
    number = normalise_id_number(number)
    if not number:
        raise ValidationError(_("Enter the document number."), code="required")
    if id_type in CHECKSUMMED_ID_TYPES:
        return _parse_checksummed(id_type, number, today or date.today())  # noqa: DTZ011
    if id_type == IdType.FOREIGN_PERMANENT:
        if not FOREIGN_PERMANENT_RE.match(number):
            raise ValidationError(
                _("A foreign permanent resident ID number has 15 or 18 characters."),
                code="invalid_id_number",
            )
        return ParsedId(id_type, number)
    if id_type == IdType.PASSPORT:
        if not PASSPORT_RE.match(number):
            raise ValidationError(
                _("A passport number has 5 to 20 letters and digits."), code="invalid_id_number"
            )
        return ParsedId(id_type, number)
    raise ValidationError(_("Unknown document type."), code="invalid_id_type")


def _parse_checksummed(id_type: str, number: str, today: date) -> ParsedId:
    if not RIC_RE.match(number):
        raise ValidationError(
            _("An identity number has 17 digits and a final digit or X (18 characters)."),
            code="invalid_id_number",
        )
    if id_type == IdType.HK_MO_TW_RESIDENCE and not number.startswith(HK_MO_TW_PREFIXES):
        raise ValidationError(
            _("A residence permit number starts with 810000, 820000 or 830000."),
            code="invalid_id_number",
        )
    if calc_check_digit(number) != number[17]:  # stdnum reads the first 17 of all 18
        raise ValidationError(
            _("The identity number's check digit is wrong: please check the number."),
            code="invalid_checksum",
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The identity number contains an impossible birth date."), code="invalid_birth_date"
        ) from exc
    if birth > today:
        raise ValidationError(
            _("The identity number's birth date is in the future."), code="future_birth_date"
        )
    if birth.year < 1900:
        raise ValidationError(
            _("The identity number's birth date is before 1900."), code="invalid_birth_date"
        )
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ParsedId(id_type, number, birth, sex)


def make_ric(area: str, birth: date, sequence: int) -> str:
    """Build a valid resident identity number (demo data and tests)."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + calc_check_digit(body + "0")  # stdnum expects the check digit's place
