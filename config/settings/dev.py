"""Development and demo: the defaults of base, with DEBUG on."""

from .base import *  # noqa: F403

# runserver serves each request on a new thread: a persistent connection would outlive it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)  # noqa: F405
