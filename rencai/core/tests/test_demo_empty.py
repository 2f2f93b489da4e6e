"""The demo commands on an empty database (apart from test_demo.py, whose module keeps one
loaded demo for all its tests)."""

from io import StringIO

import pytest
from django.core.management import call_command

from rencai.core.demo import DEMO_PASSWORD
from rencai.talents.models import Talent

from .test_demo import load

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_demo_logins_on_an_empty_database_lists_nobody():
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert DEMO_PASSWORD not in out.getvalue()


def test_if_empty_on_an_empty_database_loads():
    output = load("--if-empty")

    assert "loaded" in output
    # 20 synthetic + the named demo talent; the few others the apps' work needs in so small a
    # demo were registered through the registry by a demo user (示例)
    assert Talent.objects.filter(registered_by__isnull=True).count() == 21
