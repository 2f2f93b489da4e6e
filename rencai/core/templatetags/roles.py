"""Role-aware template helpers: the main navigation (from `core.navigation`) and a role test.

{% load roles %}
{% main_nav as nav %}
{% for item in nav %}<a href="{{ item.url }}">{{ item.label }}</a>{% endfor %}
{% if user|has_role:"county_officer" %}…{% endif %}
"""

from __future__ import annotations

from django import template

from rencai.core.choices import Role
from rencai.core.navigation import NavItem, nav_items, tabs
from rencai.core.permissions import roles_of

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context) -> list[NavItem]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return nav_items(user, request.path if request is not None else "")


@register.simple_tag(takes_context=True)
def tab_bar(context) -> list[NavItem]:
    """The phone's bottom bar for the signed-in user (empty: they keep the menu)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return nav_items(user, request.path if request is not None else "", registry=tabs)


@register.filter
def has_role(user, role_codes: str) -> bool:
    """`user|has_role:"county_officer"` or `user|has_role:"city_admin,task_force"`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return roles_of(user).has(*(code.strip() for code in role_codes.split(",")))


@register.simple_tag(takes_context=True)
def role_labels(context) -> str:
    """The signed-in user's roles as one line, e.g. "County officer · Window clerk"."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    codes = roles_of(user).codes
    return " · ".join(str(role.label) for role in Role if role in codes)
