"""The dashboard's menu entry: for the roles that read figures (ROLES.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.navigation import register_nav

from .permissions import READERS


def register() -> None:
    register_nav(
        "dashboard.index", url_name="dashboard:index", label=_("Dashboard"), roles=READERS, order=90
    )
