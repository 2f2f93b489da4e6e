"""Pluggable SMS delivery. Development prints to the console or a file; tests keep messages."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class ConsoleSmsBackend:
    def send(self, mobile: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mobile}] {text}\n")
        sys.stdout.flush()


class FileSmsBackend:
    def send(self, mobile: str, text: str) -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"{timezone.now().isoformat()}\t{mobile}\t{text}\n")


class MemorySmsBackend:
    """Keeps sent messages in `outbox`, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        self.outbox.append((mobile, text))


def send_sms(mobile: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(mobile, text)


def quietly():
    """Send to the file, not the console, for a while: the demo loaders message thousands of
    synthetic talents (after commit, so wrap the transaction too). Other backends stay."""
    from django.test import override_settings

    if f"{__name__}.ConsoleSmsBackend" != settings.SMS_BACKEND:
        return nullcontext()
    return override_settings(SMS_BACKEND=f"{__name__}.FileSmsBackend")
