"""Tests: fast password hashing; the database comes from DATABASE_URL (PostgreSQL in make test)."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "rencai.core.sms.MemorySmsBackend"
AXES_ENABLED = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Off unless a test turns it on (rencai/core/tests/test_second_factor.py).
OTP_REQUIRED_ROLES: list[str] = []
