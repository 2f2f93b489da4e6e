"""Every page links a favicon that exists, so no browser asks for a missing /favicon.ico (a
404, or a request aborted mid-navigation, that browser tests would report)."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_pages_link_a_favicon_that_exists(client):
    html = client.get("/accounts/login/").content.decode()

    link = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)

    assert link is not None
    assert finders.find(link.group(1)) is not None
