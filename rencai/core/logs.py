"""Logging helpers: the console shows what an operator must act on, not routine refusals."""

from __future__ import annotations

import logging

ROUTINE_STATUSES = frozenset({400, 401, 403, 404, 405})


class RoutineRefusalFilter(logging.Filter):
    """A refused request (403 for a role without the right, a 404, a bad request) is routine:
    keep its one line ("Forbidden (Permission denied): /audit/") but drop the traceback Django
    attaches to it. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in ROUTINE_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True
