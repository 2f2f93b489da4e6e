"""Development and demo: the defaults of base, with DEBUG on."""

from .base import *  # noqa: F403

# The demo logs in with a password only (make run); set the variable to try the second factor.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])  # noqa: F405

# runserver serves each request on a new thread: a persistent connection would outlive it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)  # noqa: F405
