"""Masking of identity numbers and mobiles (ROLES.md): masked by default, everywhere."""

import re


def mask_id_number(value: str) -> str:
    """4211**********1234: the first four and the last four characters."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# Field names whose values the audit log never stores in full.
SENSITIVE_FIELDS = {"id_number": mask_id_number, "mobile": mask_mobile}


def mask_field(name: str, value):
    masker = SENSITIVE_FIELDS.get(name)
    if masker and isinstance(value, str):
        return masker(value)
    return value


# An identity number (17 digits and a check character) or a mainland mobile (optionally +86),
# not part of a longer run of digits: what `mask_text` masks in free text.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9])((?:\+86)?[- ]?)(1[3-9]\d{9})(?![0-9])")


def mask_text(text: str) -> str:
    """Free text (a log line, a traceback, an error report) with every identity number and
    mobile in it masked as `mask_id_number` and `mask_mobile` show them."""
    if not text:
        return text
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return MOBILE_IN_TEXT.sub(lambda m: m.group(1) + mask_mobile(m.group(2)), text)
