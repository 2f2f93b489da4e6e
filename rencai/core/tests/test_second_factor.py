"""The second factor: enrol an authenticator, verify it at each log-in, recovery codes once;
required for the roles in OTP_REQUIRED_ROLES; the API token asks for it too; all audited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PASSWORD = "correct-horse-battery-42"
ENROL = "/accounts/second-factor/enrol/"
VERIFY = "/accounts/second-factor/"


@pytest.fixture(autouse=True)
def required_for_clerks(settings):
    settings.OTP_REQUIRED_ROLES = [Role.WINDOW_CLERK, Role.DEPARTMENT_OFFICER]
    # No waiting between attempts in tests (django-otp slows guessing down by default).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def clerk():
    return make_user(username="clerk", role=Role.WINDOW_CLERK, password=PASSWORD)


def log_in(client, username="clerk"):
    response = client.post(reverse("core:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True))


def enrol(client, user) -> list[str]:
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": f"{totp(device.bin_key):06d}", "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9]+)</code>", response.content.decode())


def test_a_clerk_without_an_authenticator_is_sent_to_enrol_and_reaches_nothing_else(client, clerk):
    log_in(client)
    for path in ("/", "/me/", "/messages/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(ENROL)
    assert client.get("/api/v1/divisions/").status_code == 403


def test_enrolment_shows_a_qr_code_and_confirms_with_a_real_code(client, clerk):
    # Given a clerk logged in with a password
    log_in(client)
    # When the enrol page is opened
    page = client.get(ENROL)
    # Then it shows the QR code as an SVG image and the key to type in
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    # When the authenticator's current code is entered
    codes = enrol(client, clerk)
    # Then ten recovery codes are shown once, the clerk reaches the site, and it is audited
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert "user.second_factor_enrolled" in actions(clerk)
    assert TOTPDevice.objects.get(user=clerk).confirmed


def test_a_wrong_code_at_enrolment_is_refused(client, clerk):
    log_in(client)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()
    assert client.get("/").status_code == 302


def test_the_next_log_in_asks_for_the_code_and_refuses_a_wrong_one(client, clerk):
    enrolled = client
    log_in(enrolled)
    enrol(enrolled, clerk)
    enrolled.post(reverse("core:logout"))
    # Given the clerk logs in again with the password
    log_in(client)
    response = client.get("/me/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    # When a wrong code is entered: refused, audited, still held at the door
    wrong = client.post(VERIFY, {"code": "123456", "next": "/me/"})
    assert wrong.status_code == 200
    assert "user.second_factor_failed" in actions(clerk)
    assert client.get("/me/").status_code == 302
    # When the authenticator's next code is entered
    device = TOTPDevice.objects.get(user=clerk)
    right = client.post(VERIFY, {"code": f"{totp(device.bin_key, drift=1):06d}", "next": "/me/"})
    # Then the clerk goes where they were going
    assert right.status_code == 302
    assert right.url == "/me/"
    assert client.get("/me/").status_code == 200
    assert "user.second_factor_verified" in actions(clerk)


def test_a_recovery_code_works_once(client, clerk):
    log_in(client)
    code = enrol(client, clerk)[0]
    client.post(reverse("core:logout"))
    log_in(client)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    assert "user.recovery_code_used" in actions(clerk)
    client.post(reverse("core:logout"))
    log_in(client)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get("/").status_code == 302


def test_a_role_not_required_goes_on_without_a_second_factor(client):
    make_user(username="liaison", role=Role.HOSPITAL_LIAISON, password=PASSWORD)
    log_in(client, "liaison")
    assert client.get("/").status_code == 200


def test_with_the_setting_empty_nobody_is_asked(client, clerk, settings):
    settings.OTP_REQUIRED_ROLES = []
    log_in(client)
    assert client.get("/").status_code == 200


def token(username="clerk", **extra):
    body = {"username": username, "password": PASSWORD, **extra}
    return APIClient().post("/api/v1/auth/token/", body, format="json")


def test_the_api_token_needs_the_second_factor_when_the_user_owes_one(client, clerk):
    # Not enrolled yet: no token, and the answer says why
    refused = token()
    assert refused.status_code == 400
    assert "otp" in refused.json()["fields"]
    log_in(client)
    enrol(client, clerk)
    device = TOTPDevice.objects.get(user=clerk)
    # Enrolled: no code or a wrong one is refused, the next code gives a token
    assert token().status_code == 400
    assert token(otp="000000").status_code == 400
    granted = token(otp=f"{totp(device.bin_key, drift=1):06d}")
    assert granted.status_code == 200
    assert granted.json()["token"]


def test_an_administrator_removing_a_device_is_audited(client, clerk):
    log_in(client)
    enrol(client, clerk)
    device = TOTPDevice.objects.get(user=clerk)
    admin = make_user(username="root", role=Role.CITY_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(
        action="user.second_factor_removed", actor=admin, target_id=str(clerk.pk)
    ).exists()
