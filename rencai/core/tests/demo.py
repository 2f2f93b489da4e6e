"""One demo load per test module, rolled back at its end.

Loading the demo city runs every app's loader through its services (cases, visits, events, the
campaign): seconds even with few talents. A module whose tests only read the demo loads it once:

    demo = demo_fixture(talents=300, batch_size=300)

Each test then runs in its own savepoint inside the module's transaction, so a test that writes
(or loads again) leaves the next one the same demo. Tests that need an empty database belong in
another module: a module fixture stays in place for every later test of its module.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", no_progress=True, stdout=out, **options)
    return out.getvalue()


def demo_fixture(**options):
    """A module-scoped fixture that loads the demo with `options` and yields its output."""

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield load_demo(**options)
            transaction.set_rollback(True)

    return demo
