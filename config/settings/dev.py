"""Development and demo: the defaults of base, with DEBUG on."""

from .base import *  # noqa: F403
