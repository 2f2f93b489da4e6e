"""Masking of identity numbers and mobiles (ROLES.md): masked by default, everywhere."""


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
