"""Audit events in words: what the audit log and the home pages show instead of codes.

The action's label comes from the apps' registrations (`core.audit.register_action_labels`),
else from a generic verb and the object's verbose name ("Edited a hospital"); an object is its
model's verbose name beside its `str()`; a changed field is the model field's verbose name (or
a registered label), its values in words: choices by their labels, times in Asia/Shanghai in
the page's date style, amounts in yuan, codes through a registered formatter.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .money import format_yuan
from .templatetags.rencai import cndate, cndatetime
from .text import join_list

EMPTY = "—"
# While `describe_all` runs: formatted values by (key, value), so a page of events costs one
# formatter call (one query) per distinct value, not one per event.
_memo: ContextVar[dict | None] = ContextVar("audit_display_memo", default=None)
# ISO 8601 as `isoformat()` writes it, and as older events kept it (`str(datetime)`: a space
# between date and time): either reads as local time, 2022年9月6日 14:05.
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")

# The last part of an action code, when no app named the action: "hospital.update".
VERBS = {
    "create": gettext_lazy("Added: %(object)s"),
    "update": gettext_lazy("Edited: %(object)s"),
    "delete": gettext_lazy("Deleted: %(object)s"),
    "export": gettext_lazy("Exported: %(object)s"),
    "reveal": gettext_lazy("Revealed in full: %(object)s"),
}


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str = ""
    new: str = ""
    value: str = ""
    is_diff: bool = False
    code: str = ""  # the key in `changes`, for the administrators' advanced view


@cache
def model_of(target_type: str) -> type[models.Model] | None:
    """The model behind "app_label.modelname", or None (a batch, a demo load)."""
    if "." not in target_type:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def object_label(target_type: str) -> str:
    """The object's kind in words: its model's verbose name ("" when there is no model)."""
    audit.discover_labels()
    if target_type in audit.OBJECT_LABELS:
        return str(audit.OBJECT_LABELS[target_type])
    model = model_of(target_type)
    return str(model._meta.verbose_name) if model is not None else ""


def action_label(action: str, target_type: str = "") -> str:
    """The action in words; never its code."""
    audit.discover_labels()
    if action in audit.ACTION_LABELS:
        return str(audit.ACTION_LABELS[action])
    verb = action.rsplit(".", 1)[-1]
    kind = object_label(target_type)
    for prefix, label in VERBS.items():
        if verb.startswith(prefix) and kind:
            return str(label) % {"object": kind}
    return kind or _("Other action")


def _field(target_type: str, name: str) -> models.Field | None:
    model = model_of(target_type)
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(name: str, target_type: str = "") -> str:
    """A changed field in words: a registered label, else the model field's verbose name."""
    audit.discover_labels()
    if name in audit.CHANGE_LABELS:
        return str(audit.CHANGE_LABELS[name])
    field = _field(target_type, name)
    if field is not None:
        return str(field.verbose_name)
    return name.replace("_", " ")


def value_text(name: str, value: object, target_type: str = "") -> str:
    """One value of a change in words."""
    if value is None or value in ("", [], {}):
        return EMPTY
    if name in audit.VALUE_FORMATTERS:
        memo = _memo.get()
        if memo is None:
            return str(audit.VALUE_FORMATTERS[name](value))
        key = (name, json.dumps(value, sort_keys=True, default=str))
        if key not in memo:
            memo[key] = str(audit.VALUE_FORMATTERS[name](value))
        return memo[key]
    field = _field(target_type, name)
    if field is not None and field.choices and not isinstance(value, (list, dict)):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and name.endswith("_fen"):
        return format_yuan(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return join_list(value_text(name, v, target_type) for v in value)
    if isinstance(value, dict):
        return join_list(
            f"{field_label(key, target_type)}: {value_text(key, v, target_type)}"
            for key, v in value.items()
        )
    return str(value)


def _text(value: str) -> str:
    if DATETIME.match(value):
        try:
            return cndatetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if DATE.match(value):
        try:
            return cndate(date.fromisoformat(value))
        except ValueError:
            return value
    if TIME.match(value):
        try:
            return time.fromisoformat(value).strftime("%H:%M")
        except ValueError:
            return value
    return value


def change_rows(changes: object, target_type: str = "") -> list[ChangeRow]:
    """An event's `changes` in words: {field: [old, new]} as diffs, anything else as a value."""
    audit.discover_labels()
    if not isinstance(changes, dict):
        return [ChangeRow(field="", value=str(changes))] if changes else []
    rows = []
    for name, value in changes.items():
        label = field_label(name, target_type)
        if isinstance(value, list) and len(value) == 2:
            rows.append(
                ChangeRow(
                    field=label,
                    old=value_text(name, value[0], target_type),
                    new=value_text(name, value[1], target_type),
                    is_diff=True,
                    code=name,
                )
            )
        else:
            rows.append(
                ChangeRow(field=label, value=value_text(name, value, target_type), code=name)
            )
    return rows


def describe(event) -> None:
    """Attach the words to an `AuditEvent` for a template: `action_label`, `object_label`,
    `change_list`."""
    event.action_label = action_label(event.action, event.target_type)
    event.object_label = object_label(event.target_type)
    event.change_list = change_rows(event.changes, event.target_type)


def describe_all(events) -> None:
    """`describe` each event of a page, formatting each distinct coded value once."""
    token = _memo.set({})
    try:
        for event in events:
            describe(event)
    finally:
        _memo.reset(token)
