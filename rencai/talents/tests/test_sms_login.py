"""Talents log in with their mobile and a one-time SMS code (core.sms_login): only an account
with the talent role whose linked record has that mobile receives a code; the answers never
tell whether a mobile has an account; codes are limited per mobile and per address; failures
count toward the same django-axes lock-out as passwords; every request and log-in is audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from rencai.core import clock, sms_login
from rencai.core.choices import Role
from rencai.core.models import AuditEvent, OneTimeCode
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.factories import make_user

from .factories import make_talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

MOBILE = "13912345678"
URL = reverse("core:login-sms")


@pytest.fixture(autouse=True)
def outbox(monkeypatch):
    MemorySmsBackend.outbox.clear()
    # the SMS goes after commit: here, at once
    monkeypatch.setattr(sms_login.transaction, "on_commit", lambda fn, *a, **k: fn())
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


def _talent_account(mobile=MOBILE):
    user = make_user(role=Role.TALENT, mobile=mobile)
    make_talent(user=user, mobile=mobile)
    return user


def _send(client, mobile=MOBILE, **extra):
    return client.post(URL, {"mobile": mobile, "do": "send"}, **extra)


def _log_in(client, code, mobile=MOBILE):
    return client.post(URL, {"mobile": mobile, "code": code, "do": "login"})


def _code_in(outbox) -> str:
    match = re.search(r"\d{6}", outbox[-1][1])
    assert match
    return match.group(0)


def _page_text(response) -> str:
    """The page as a reader sees it, without the per-request token and script nonce."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_a_talent_logs_in_with_the_code_sent_to_their_mobile(client, outbox):
    # given a talent's account linked to a record with this mobile
    user = _talent_account()

    # when they ask for a code and type it
    with clock.at(clock.now()):
        response = _send(client)
    assert response.status_code == 200
    assert [mobile for mobile, _text in outbox] == [MOBILE]
    response = _log_in(client, _code_in(outbox))

    # then they are logged in, and both steps are in the audit log and axes' access log
    assert response.status_code == 303
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert sms_login.REQUEST_ACTION in actions
    assert sms_login.LOGIN_ACTION in actions
    assert MOBILE not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert AccessLog.objects.filter(username=user.username).exists()


def test_a_code_logs_in_once_only(client, outbox):
    _talent_account()
    _send(client)
    code = _code_in(outbox)
    assert _log_in(client, code).status_code == 303
    client.post(reverse("core:logout"))

    response = _log_in(client, code)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_in_general_terms_and_counted(client, outbox):
    _talent_account()
    _send(client)

    wrong = "000000" if _code_in(outbox) != "000000" else "111111"
    response = _log_in(client, wrong)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "手机号或验证码不正确" in response.content.decode()
    assert OneTimeCode.objects.get(purpose=sms_login.PURPOSE).attempts == 1
    attempt = AccessAttempt.objects.get(username=MOBILE)
    assert wrong not in attempt.post_data  # a code is not kept in the failure records


def test_five_wrong_codes_lock_the_mobile_out_like_the_password(client, outbox):
    _talent_account()
    _send(client)
    code = _code_in(outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        _log_in(client, wrong)

    response = _log_in(client, code)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_expired_code_is_refused(client, outbox):
    _talent_account()
    _send(client)
    code = _code_in(outbox)

    with clock.at(clock.now() + timedelta(minutes=11)):
        response = _log_in(client, code)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "验证码已过期" in response.content.decode()


def test_an_unknown_mobile_gets_the_same_answer_and_no_message(client, outbox):
    # given one mobile with a talent's account and one without
    _talent_account()
    known = _page_text(_send(client))
    unknown = _page_text(_send(client, mobile="13700000000"))

    # then the pages are the same but for the number itself, and only the known one got a code
    assert known.replace("139****5678", "X").replace(MOBILE, "Y") == unknown.replace(
        "137****0000", "X"
    ).replace("13700000000", "Y")
    assert [mobile for mobile, _text in outbox] == [MOBILE]
    # and the unknown one counts toward the limits like any other
    assert OneTimeCode.objects.filter(mobile="13700000000").count() == 1


def test_only_talents_whose_record_has_the_mobile_get_a_code(client, outbox):
    # a staff account with the mobile on its user, and a talent record with no account
    make_user(role=Role.COUNTY_OFFICER, mobile="13600000001")
    make_talent(mobile="13600000002")
    # a talent account whose record has another mobile than the one typed
    _talent_account(mobile="13600000003")

    for mobile in ("13600000001", "13600000002", "13600000004"):
        _send(client, mobile=mobile)

    assert outbox == []


def test_a_second_code_within_a_minute_is_refused_and_five_an_hour_at_most(client, outbox):
    _talent_account()
    start = clock.now()
    with clock.at(start):
        _send(client)
        again = _send(client)
    assert "一分钟" in again.content.decode()
    assert len(outbox) == 1
    for minute in range(1, 5):
        with clock.at(start + timedelta(minutes=minute * 2)):
            _send(client)
    assert len(outbox) == 5

    with clock.at(start + timedelta(minutes=12)):
        refused = _send(client)

    assert len(outbox) == 5
    assert "一小时" in refused.content.decode()


def test_one_address_may_ask_for_twenty_codes_an_hour(client, outbox):
    for n in range(sms_login.CODES_PER_ADDRESS_PER_HOUR):
        _send(client, mobile=f"1350000{n:04d}", REMOTE_ADDR="10.0.0.9")

    response = _send(client, mobile="13599999999", REMOTE_ADDR="10.0.0.9")

    assert "此地址" in response.content.decode()
    assert not OneTimeCode.objects.filter(mobile="13599999999").exists()
    # another address is not held back
    _send(client, mobile="13599999999", REMOTE_ADDR="10.0.0.10")
    assert OneTimeCode.objects.filter(mobile="13599999999").exists()
