"""Logging helpers: the console shows what an operator must act on, not routine refusals."""

from __future__ import annotations

import logging
from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .masking import mask_text

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


class MaskPersonalNumbersFilter(logging.Filter):
    """Every identity number and mobile in a log record is masked before any handler writes
    it: the message with its arguments, the traceback and the stack (settings apply this filter
    to every handler; `rencai.core.tests.test_logs` checks that)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the formatter's to report, unmasked of nothing
            message = str(record.msg)
        record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, (float, bool, type(None))):
        return value
    if isinstance(value, int):
        return value if mask_text(str(value)) == str(value) else mask_text(str(value))
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_masked(item) for item in value]
    return mask_text(repr(value))


class MaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's error report (the DEBUG page, the mail to ADMINS) with passwords hidden as
    Django hides them and identity numbers and mobiles masked in the POST data, the request's
    headers and every frame's local variables."""

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        masked = parameters.copy()
        for key in masked:
            masked.setlist(key, [_masked(v) for v in masked.getlist(key)])
        return masked

    def get_safe_request_meta(self, request):
        return _masked(super().get_safe_request_meta(request))

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, _masked(value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


class MaskingExceptionReporter(ExceptionReporter):
    """The rendered report masked once more as a whole: the query string, the exception's own
    message and the path are not the filter's to clean."""

    def get_traceback_html(self):
        return mask_text(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return mask_text(str(super().get_traceback_text()))
