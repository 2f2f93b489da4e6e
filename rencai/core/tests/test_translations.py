"""Translations a Chinese reader stumbled on: the admin's third-party apps, Django's blank
choice, and labels whose Chinese said something else than the page meant."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_the_admin_names_log_in_protection_and_background_tasks_in_chinese(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    html = client.get("/admin/").content.decode()

    assert "登录防护" in html
    assert "后台任务" in html
    assert "登录尝试" in html
    for english in ("Axes", "AXES", "Access attempts", "Tasks Database Backend"):
        assert english not in html


def test_a_choice_fields_blank_option_reads_please_choose():
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "- 请选择 -"


def test_the_talents_case_actions_are_not_called_what_they_can_apply_for():
    with translation.override("zh-hans"):
        assert gettext("What I can do") == "我可以办理的事项"


def test_an_outreach_count_of_recorded_entitlements_is_not_a_time():
    with translation.override("zh-hans"):
        assert pgettext("outreach count", "Recorded") == "已登记享受"
        assert "时间" not in pgettext("outreach count", "Recorded")


def test_django_formats_dates_in_the_same_style_as_the_pages():
    from datetime import date

    from django.utils import formats

    from rencai.core.text import format_date

    day = date(2026, 12, 7)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert formats.date_format(day) == format_date(day)
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == format_date(day)
