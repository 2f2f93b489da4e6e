"""Logged-in test clients: the one implementation behind the root `conftest.py` fixtures.

    page = page_client(user)                 # Django's Client, logged in (session)
    page = page_client(user, english=True)   # … that chose English, to assert on source strings
    api = api_client(user)                   # DRF's APIClient, authenticated as `user`

Tests use the fixtures (`client_as`, `api_as`, …); module-level helpers import these.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from rencai.core.models import User


def page_client(user: User | None = None, *, english: bool = False) -> Client:
    """A test client logged in as `user` (anonymous if None)."""
    client = Client()
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def api_client(user: User | None = None) -> APIClient:
    """An API client authenticated as `user` (anonymous if None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
