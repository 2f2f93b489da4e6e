"""Rows of several tables written in one round trip to the database.

A find at the window writes its visits and its audit event together: two INSERTs in a
transaction are four round trips (BEGIN, INSERT, INSERT, COMMIT); on PostgreSQL one statement
carries them all — the first INSERTs as data-modifying WITH clauses of the last, which run
exactly once and to completion whether or not the outer statement reads them — and a single
statement is atomic by itself. See docs/performance.md ("Load test: Locust against gunicorn").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


def _insert(batch: Sequence[models.Model], connection: BaseDatabaseWrapper) -> tuple[str, list]:
    """One INSERT of `batch` (instances of one model, without a primary key) and its params."""
    model = type(batch[0])
    if any(type(obj) is not model for obj in batch):
        raise ValueError("one model a batch")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = [
        f.get_db_prep_save(f.pre_save(obj, add=True), connection) for obj in batch for f in fields
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns})"  # noqa: S608 (identifiers)
        f" VALUES {', '.join([row] * len(batch))}"
    )
    return sql, params


def insert_together(*batches: Iterable[models.Model]) -> None:
    """Insert every batch (instances of one model each, with an automatic primary key; empty
    batches are skipped) all or none: one statement on PostgreSQL, one `bulk_create` a batch
    in a transaction elsewhere. Like `bulk_create`, no signal is sent and, on PostgreSQL, the
    instances are not given their primary keys."""
    rows = [list(batch) for batch in batches]
    rows = [batch for batch in rows if batch]
    if not rows:
        return
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        with transaction.atomic():
            for batch in rows:
                type(batch[0])._default_manager.bulk_create(batch)
        return
    statements, params = [], []
    for batch in rows:
        sql, values = _insert(batch, connection)
        statements.append(sql)
        params += values
    *first, last = statements
    sql = last
    if first:
        clauses = ", ".join(f"written_{n} AS ({s})" for n, s in enumerate(first))
        sql = f"WITH {clauses} {last}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
