"""The retention page's menu entry. Registered in `DashboardConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.navigation import register_nav

from .permissions import RETENTION_READERS


def register() -> None:
    register_nav(
        "dashboard.retention",
        url_name="dashboard:retention",
        label=_("Retention"),
        roles=set(RETENTION_READERS),
        order=880,
    )
