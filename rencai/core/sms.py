"""Pluggable SMS delivery. Development prints to the console or a file; tests keep messages.

A backend is a class with `send(mobile, text, *, message_id="")`. `message_id` is the outbox
message's id (`outbox.message_key`: the same on every attempt at the same message): a real
gateway adapter must pass it to the provider as its idempotency key (a client message id that
the provider deduplicates on), so that a batch resent after a killed sender is dropped by the
provider, not delivered twice (docs/deployment.md). A provider that only echoes such an id
back without deduplicating leaves delivery at least once. Messages outside the outbox (the
log-in code) have none.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class ConsoleSmsBackend:
    def send(self, mobile: str, text: str, *, message_id: str = "") -> None:
        sys.stdout.write(f"[SMS to {mobile}{f' #{message_id}' if message_id else ''}] {text}\n")
        sys.stdout.flush()


class FileSmsBackend:
    """One line per message: time, mobile, message id (may be empty), text — tab-separated."""

    def send(self, mobile: str, text: str, *, message_id: str = "") -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"{timezone.now().isoformat()}\t{mobile}\t{message_id}\t{text}\n")


class MemorySmsBackend:
    """Keeps sent messages in `outbox` (mobile, text) and their ids in `ids`, for tests."""

    outbox: list[tuple[str, str]] = []
    ids: list[str] = []

    def send(self, mobile: str, text: str, *, message_id: str = "") -> None:
        self.outbox.append((mobile, text))
        self.ids.append(message_id)


def send_sms(mobile: str, text: str, *, message_id: str = "") -> None:
    import_string(settings.SMS_BACKEND)().send(mobile, text, message_id=message_id)


def quietly():
    """Send to the file, not the console, for a while: the demo loaders message thousands of
    synthetic talents (after commit, so wrap the transaction too). Other backends stay."""
    from django.test import override_settings

    if f"{__name__}.ConsoleSmsBackend" != settings.SMS_BACKEND:
        return nullcontext()
    return override_settings(SMS_BACKEND=f"{__name__}.FileSmsBackend")
