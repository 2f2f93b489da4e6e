"""The one clock (`rencai.core.clock`) once it is merged; Django's until then."""

from __future__ import annotations

try:  # pragma: no cover - whichever is present
    from rencai.core.clock import now, today  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    from datetime import date, datetime

    from django.utils import timezone

    def now() -> datetime:
        return timezone.now()

    def today() -> date:
        return timezone.localdate()


__all__ = ["now", "today"]
