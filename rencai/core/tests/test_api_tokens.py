"""API tokens live `API_TOKEN_LIFETIME`; a password change or a lock-out revokes them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PASSWORD = "correct-horse-battery-42"
TOKEN_URL = "/api/v1/auth/token/"


def sign_in(username: str = "officer", password: str = PASSWORD):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def officer():
    return make_user(username="officer", role=Role.COUNTY_OFFICER, password=PASSWORD)


def test_a_token_says_when_it_expires(officer, settings):
    settings.API_TOKEN_LIFETIME = timedelta(hours=12)

    body = sign_in().json()

    expires = timezone.datetime.fromisoformat(body["expires_at"])
    assert timedelta(hours=11, minutes=59) < expires - timezone.now() <= timedelta(hours=12)


def test_an_expired_token_answers_401_and_a_new_sign_in_issues_a_fresh_one(officer, settings):
    settings.API_TOKEN_LIFETIME = timedelta(hours=12)
    old = sign_in().json()["token"]
    assert with_token(old).get("/api/v1/divisions/").status_code == 200

    with time_machine.travel(timezone.now() + timedelta(hours=12, minutes=1)):
        expired = with_token(old).get("/api/v1/divisions/")
        fresh = sign_in().json()["token"]

        assert expired.status_code == 401
        assert expired.json()["code"] == "authentication_failed"
        assert fresh != old
        assert with_token(fresh).get("/api/v1/divisions/").status_code == 200


def test_a_password_change_revokes_the_token(officer):
    key = sign_in().json()["token"]

    officer.set_password("another-horse-battery-43")
    officer.save()

    assert with_token(key).get("/api/v1/divisions/").status_code == 401
    assert not Token.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_saving_a_user_without_a_new_password_keeps_the_token(officer):
    key = sign_in().json()["token"]

    officer.display_name = "王科长"
    officer.save()

    assert with_token(key).get("/api/v1/divisions/").status_code == 200


def test_a_lock_out_revokes_the_token(officer):
    key = sign_in().json()["token"]

    for _ in range(5):
        sign_in(password="wrong")

    assert with_token(key).get("/api/v1/divisions/").status_code == 401
    assert not Token.objects.filter(user=officer).exists()
