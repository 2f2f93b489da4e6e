"""Model field helpers shared by the apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def recorded_by(verbose_name, *, related_name: str = "+") -> models.ForeignKey:
    """The user who did something (recorded, created, decided…): optional, and kept as
    history when the account goes (SET_NULL); no reverse accessor by default."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )
