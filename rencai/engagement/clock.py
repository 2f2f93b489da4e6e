"""Engagement reads the one clock (`rencai.core.clock`)."""

from rencai.core.clock import now, today

__all__ = ["now", "today"]
