"""Reads that may lag: the dashboard's and the xlsx exports' go to a streaming replica.

When `DATABASE_REPLICA_URL` is set, `settings.READ_REPLICA_ALIAS` names the replica's alias
("replica"). Code that only reads figures and lists for people — the dashboard, its retention
page, every xlsx export — runs inside `reading_from_replica()` (a context manager and a view
decorator; `core.middleware.ReplicaReadsMiddleware` wraps the exports). Inside it, reads go to
the replica; everything else, and every write anywhere (an export's audit event, a session
saved after the view, a `select_for_update`), goes to the primary. Without a replica the
context changes nothing.

A physical replica is a copy of the primary: `migrate` runs on the primary only, and objects
read from either may be related to each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"  # the alias DATABASE_REPLICA_URL configures (config/settings/base.py)
_replica_reads: ContextVar[bool] = ContextVar("rencai_replica_reads", default=False)


def replica_alias() -> str | None:
    """The replica's alias when one is configured, else None."""
    alias = getattr(settings, "READ_REPLICA_ALIAS", None)
    if alias and alias in settings.DATABASES:
        return alias
    return None


@contextmanager
def _replica_block() -> Iterator[None]:
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reading_from_replica(view: Callable[..., Any] | None = None):
    """`with reading_from_replica():` or `@reading_from_replica` on a view: the block's reads
    go to the replica (when there is one); its writes still go to the primary."""
    if view is None:
        return _replica_block()

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with _replica_block():
            return view(*args, **kwargs)

    return wrapped


def reads_from_replica() -> bool:
    """True inside `reading_from_replica()` with a replica configured."""
    return _replica_reads.get() and replica_alias() is not None


class ReplicaRouter:
    """Reads inside `reading_from_replica()` → the replica; everything else → default."""

    def db_for_read(self, model, **hints):
        # The cache's table (a DatabaseCache: throttles count there) is read where it is
        # written, never a second behind.
        if _replica_reads.get() and model._meta.app_label != "django_cache":
            return replica_alias()
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is the primary's copy (streaming replication): never migrated itself.
        if db in (REPLICA, getattr(settings, "READ_REPLICA_ALIAS", None)):
            return False
        return None
