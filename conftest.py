"""Project-wide test set-up: Hypothesis profile; logged-in clients for every app's tests.

    def test_officer_sees_the_list(client_as):
        page = client_as(Role.COUNTY_OFFICER, division=tuanfeng)   # a new user in that scope
        page = client_as(officer)                                   # or an existing user
        page.user                                                   # who is logged in

    def test_api(api_as):
        api = api_as(Role.TASK_FORCE)

The browser tests launch Debian's Chromium (tests/browser/conftest.py).
"""

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the product's default language (zh-Hans): a test that
    switched to English must not leave the next one — or the next module's demo load, whose
    stored notices are written in the language active then — in English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_fact_caches():
    """Catalogue codes and benefits in force cached by an earlier test may name rows its
    rollback removed: every test starts and ends with empty caches."""
    from rencai.policies.evaluation import clear_caches
    from rencai.policies.pack import clear_in_force

    clear_caches()
    clear_in_force()
    yield
    clear_caches()
    clear_in_force()


def _user_for(role_or_user, scope):
    """A user: the one given, or a new one holding `role` in `scope` (division=, organisation=)."""
    from rencai.core.models import User
    from rencai.core.tests.factories import make_user

    if isinstance(role_or_user, User):
        if scope:
            raise TypeError("scope is for a new user; a given user keeps their roles")
        return role_or_user
    return make_user(role=role_or_user, **scope)


@pytest.fixture
def client_as(db):
    """`client_as(role, **scope)` or `client_as(user)`: a page client logged in as that user.

    `english=True` sets the language cookie so tests can assert on the English source strings.
    `client_as(None)` is anonymous. The client's `.user` is the user (None when anonymous).
    """
    from rencai.core.tests.clients import page_client

    def login(role_or_user, *, english: bool = False, **scope):
        user = None if role_or_user is None else _user_for(role_or_user, scope)
        client = page_client(user, english=english)
        client.user = user
        return client

    return login


@pytest.fixture
def api_as(db):
    """`api_as(role, **scope)` or `api_as(user)`: an API client authenticated as that user."""
    from rencai.core.tests.clients import api_client

    def login(role_or_user, **scope):
        user = None if role_or_user is None else _user_for(role_or_user, scope)
        client = api_client(user)
        client.user = user
        return client

    return login


@pytest.fixture
def task_force_client(client_as):
    """A page client of the task force (city-wide)."""
    from rencai.core.choices import Role

    return client_as(Role.TASK_FORCE)


@pytest.fixture
def county_officer_client(client_as):
    """A page client of a county officer of 团风县 (the factories' default county)."""
    from rencai.core.choices import Role

    return client_as(Role.COUNTY_OFFICER)


@pytest.fixture
def clerk_client(client_as):
    """A page client of a window clerk at a service point of their own."""
    from rencai.core.choices import Role

    return client_as(Role.WINDOW_CLERK)


# The files that take longest, longest first (pytest-xdist with `--dist loadfile
# --no-loadscope-reorder` hands out whole files in collection order): a long file started last
# would leave one worker running it alone at the end. Matched against the test's node id.
LONG_FILES_FIRST = (
    "rencai/campaigns/tests/test_demo.py",  # a 1,000-talent demo
    "tests/browser/",
    "/test_demo",
    "tests/faults/",
    "tests/deploy/",
    "tests/api/test_schema_fuzz.py",
    "tests/permissions/",
    "rencai/dashboard/tests/test_drilldowns.py",
    "rencai/rules/tests/test_agreement.py",
    "rencai/desk/tests/test_clock.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next(
            (i for i, part in enumerate(LONG_FILES_FIRST) if part in item.nodeid),
            len(LONG_FILES_FIRST),
        )

    items.sort(key=rank)  # stable: the order inside a file, and among the rest, is kept


# The demo's snapshots, shared by the run's test workers (rencai/core/tests/demo.py): a folder
# for the run, made by the process that starts the workers (they inherit its environment).
DEMO_SNAPSHOTS = "RENCAI_DEMO_SNAPSHOTS"
_demo_folder = pytest.StashKey[str]()


def pytest_configure(config):
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return  # a worker, or a run in one process (its snapshots stay in its memory)
    if DEMO_SNAPSHOTS in os.environ:
        return  # a run inside another's: that run's folder serves
    folder = tempfile.mkdtemp(prefix="rencai-demo-")
    config.stash[_demo_folder] = folder
    os.environ[DEMO_SNAPSHOTS] = folder


def pytest_unconfigure(config):
    folder = config.stash.get(_demo_folder, None)
    if folder is not None:
        os.environ.pop(DEMO_SNAPSHOTS, None)
        shutil.rmtree(folder, ignore_errors=True)
