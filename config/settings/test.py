"""Tests: fast password hashing; the database comes from DATABASE_URL (PostgreSQL in make test)."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "rencai.core.sms.MemorySmsBackend"
AXES_ENABLED = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Off unless a test turns it on (rencai/core/tests/test_second_factor.py).
OTP_REQUIRED_ROLES: list[str] = []
# A second alias for the replica router's tests: a MIRROR of the test database (Django's
# "Testing primary/replica configurations"). Reads stay on default unless a test names it as
# the replica (`settings.READ_REPLICA_ALIAS = "replica"`, rencai/core/tests/test_db_routers.py).
DATABASES.setdefault(  # noqa: F405
    "replica",
    {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
)
# The tests count queries (the API's throttle reads the cache on every call): an in-process
# cache here. The shared database cache is tested across processes in
# rencai/core/tests/test_many_processes.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The tests count queries: the policies' code cache reads its catalogue stamp (one query) at
# most once an hour here, not once a second, so a slow test's counts do not depend on timing;
# rencai/policies/tests/test_code_cache.py moves the clock past the window.
CATALOGUE_STAMP_TTL = 3600.0
