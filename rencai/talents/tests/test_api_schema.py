"""The OpenAPI schema generates cleanly, and the Swagger UI works offline."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/divisions/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/talents/",
    "/api/v1/talents/{id}/",
    "/api/v1/talents/{id}/cards/",
    "/api/v1/cards/",
    "/api/v1/cards/{id}/",
    "/api/v1/cards/{id}/revoke/",
    "/api/v1/cards/{id}/renew/",
    "/api/v1/cards/verify/{token}/",
]


def test_schema_generates_without_warnings_and_validates(tmp_path):
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    text = out.read_text()
    for path in PATHS:
        assert f"  {path}:" in text


def test_schema_endpoint_serves_every_api_path():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(PATHS) <= set(schema["paths"])


def test_only_token_and_card_verification_need_no_credentials():
    schema = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)

    public = {
        path
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if not operation.get("security")
    }

    assert public == {"/api/v1/auth/token/", "/api/v1/cards/verify/{token}/"}


def test_swagger_ui_loads_only_local_assets():
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    assert not [u for u in urls if re.match(r"^(https?:)?//", u)]
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            assert APIClient().get(url).status_code == 200, url
