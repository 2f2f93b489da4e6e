"""Identity numbers and mobiles never reach a log line or an error report in full."""

import io
import logging
import sys

import pytest
from django.test import RequestFactory
from django.views.debug import get_exception_reporter_class

from rencai.core.logs import MaskPersonalNumbersFilter
from rencai.core.masking import mask_text

pytestmark = pytest.mark.portable

ID_NUMBER = "42010219900307123X"
MOBILE = "13812345678"


def all_handlers():
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return {
        (logger.name, handler)
        for logger in loggers
        for handler in logger.handlers
        # A library's NullHandler writes nothing; pytest's own capture is not a deployment's.
        if not isinstance(handler, logging.NullHandler)
        and type(handler).__module__.split(".")[0] != "_pytest"
    }


def test_every_configured_handler_masks_personal_numbers():
    handlers = all_handlers()
    assert handlers, "the settings configure handlers"
    unmasked = [
        f"{name}: {handler!r}"
        for name, handler in handlers
        if not any(isinstance(f, MaskPersonalNumbersFilter) for f in handler.filters)
    ]
    assert unmasked == []


def test_free_text_keeps_the_first_and_last_four_of_an_identity_number_and_a_mobile():
    text = f"talent {ID_NUMBER} mobile +86 {MOBILE}; order 20261207125959001234567"
    assert mask_text(text) == (
        "talent 4201**********123X mobile +86 138****5678; order 20261207125959001234567"
    )


def capture(handler: logging.Handler) -> io.StringIO:
    """The handler writes to a new buffer. Its stream is swapped, not set with setStream, which
    flushes the old one first: under pytest-xdist the console handler can hold a stream closed
    since (seen once tests/bench joined the suite, whose collection imports the benches)."""
    stream = io.StringIO()
    handler.stream = stream  # type: ignore[attr-defined]
    return stream


def handler_named(logger: logging.Logger, kind: str) -> logging.Handler:
    return next(h for h in logger.handlers if h.get_name() == kind)


def test_a_log_line_with_its_arguments_and_traceback_is_masked():
    handler = handler_named(logging.getLogger(), "console")
    old = handler.stream  # type: ignore[attr-defined]
    stream = capture(handler)
    try:
        try:
            raise ValueError(f"no talent with {ID_NUMBER}")
        except ValueError:
            logging.getLogger("rencai.test").exception(
                "lookup of %s by %s failed", ID_NUMBER, MOBILE
            )
    finally:
        handler.stream = old  # type: ignore[attr-defined]
    written = stream.getvalue()
    assert "lookup of 4201**********123X by 138****5678 failed" in written
    assert "ValueError: no talent with 4201**********123X" in written
    assert ID_NUMBER not in written
    assert MOBILE not in written


def test_the_development_servers_request_line_is_masked():
    logger = logging.getLogger("django.server")
    handler = handler_named(logger, "django.server")
    old = handler.stream  # type: ignore[attr-defined]
    stream = capture(handler)
    try:
        logger.info(
            '"%s" %s %s',
            f"GET /talents/find/?q={ID_NUMBER}&mobile={MOBILE} HTTP/1.1",
            "200",
            "512",
            extra={"status_code": 200, "server_time": "07/Dec/2026 12:00:00"},
        )
    finally:
        handler.stream = old  # type: ignore[attr-defined]
    written = stream.getvalue()
    assert "q=4201**********123X&mobile=138****5678" in written
    assert ID_NUMBER not in written
    assert MOBILE not in written


def failing_lookup(id_number: str, mobile: str):
    talent = {"id_number": id_number, "mobile": mobile}
    raise LookupError(f"no talent {talent['id_number']}")


def test_an_error_report_masks_post_data_query_locals_and_the_message():
    request = RequestFactory().post(
        f"/desk/find/?q={MOBILE}", {"id_number": ID_NUMBER, "note": f"call {MOBILE}"}
    )
    try:
        failing_lookup(ID_NUMBER, MOBILE)
    except LookupError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    html = reporter.get_traceback_html()
    text = reporter.get_traceback_text()
    frames = reporter.get_traceback_data()["frames"]
    local_values = [repr(v) for frame in frames for _name, v in frame.get("vars", [])]
    for report in (html, text, "\n".join(local_values)):
        assert ID_NUMBER not in report
        assert MOBILE not in report
    assert "4201**********123X" in text
    assert "138****5678" in text
