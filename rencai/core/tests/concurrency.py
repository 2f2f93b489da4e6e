"""Races on PostgreSQL: run the same work in many threads released together (a barrier), each
on its own database connection, and collect what each returned or raised."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def all_at_once(work: Callable[[int], Any], threads: int, *, timeout: float = 60) -> list:
    """Run work(i) for i in range(threads) in threads released together; return each result
    or exception, in order."""
    barrier = threading.Barrier(threads)
    results: list = [None] * threads

    def run(i):
        try:
            barrier.wait(timeout=timeout)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 (collected and asserted on)
            results[i] = exc
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=2 * timeout)
    return results
