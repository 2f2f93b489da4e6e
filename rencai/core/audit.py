"""The audit log: services call `record` explicitly, once per write, reveal or batch."""

from __future__ import annotations

from typing import Any

from django.db import models

from .masking import mask_field
from .middleware import current_request_id
from .models import AuditEvent, User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields that changed, as {field: [old, new]}, with identity numbers and mobiles masked."""
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new:
            changed[name] = [mask_field(name, old), mask_field(name, new)]
    return changed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields`, for a later `diff`."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = (
                sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
            )
        else:
            values[name] = getattr(instance, name)
    return values


def acting_user(actor):
    """The user to record as having acted: `actor`, or None for the system (no actor) and
    for anonymous visitors. For the "… by" fields (`core.fields.recorded_by`)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    target_type: str = "",
    target_repr: str = "",
) -> AuditEvent:
    """Write one audit event. `changes` is already masked (use `diff`) or a batch summary."""
    event_ = event(
        actor,
        action,
        target,
        changes=changes,
        target_type=target_type,
        target_repr=target_repr,
    )
    event_.save(force_insert=True)
    return event_


def event(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    target_type: str = "",
    target_repr: str = "",
) -> AuditEvent:
    """The audit event `record` writes, unsaved: for a service that writes it with other rows
    in one statement (`core.inserts.insert_together`)."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_repr = target_repr or str(target)
    return AuditEvent(
        actor=acting_user(actor),
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=target_repr[:200],
        changes=changes or {},
        request_id=current_request_id.get(),
    )


# --- What the audit log shows: actions, changed fields and values in words -----------------
#
# Each app names its actions in its own `audit_labels.py` (found and imported once, the first
# time a label is read, as the admin finds `admin.py`): `register_action_labels` for its
# action codes, `register_change_labels` for the keys of batch summaries that are no model
# field (`found`, `notified`), and `register_value_formatter` for a key whose values are codes
# (`benefit`, `versions`). Field names resolve through the target model's verbose names.
# The codes stay in the database, the API and the administrators' advanced view.

ACTION_LABELS: dict[str, Any] = {}
CHANGE_LABELS: dict[str, Any] = {}
VALUE_FORMATTERS: dict[str, Any] = {}
OBJECT_LABELS: dict[str, Any] = {}
_discovered = False


def register_action_labels(labels: dict[str, Any]) -> None:
    """Name actions in words: {"talent.window_find": _("Found a talent at the window")}."""
    ACTION_LABELS.update(labels)


def register_change_labels(labels: dict[str, Any]) -> None:
    """Name the keys of `changes` that are no model field: {"found": _("talents found")}."""
    CHANGE_LABELS.update(labels)


def register_object_labels(labels: dict[str, Any]) -> None:
    """Name a `target_type` that is no model: {"demo": _("demo data")}."""
    OBJECT_LABELS.update(labels)


def register_value_formatter(key: str, formatter) -> None:
    """Show the values of `changes[key]` in words: `formatter(value) -> str`."""
    VALUE_FORMATTERS[key] = formatter


def discover_labels() -> None:
    """Import every installed app's `audit_labels` module once."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("audit_labels")
        _discovered = True
