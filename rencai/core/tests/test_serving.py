"""`make run` is the product: its own error pages with DEBUG off, quiet routine refusals in
the console, and a second start that skips what is already done."""

import io
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import path

from rencai.core.logs import RoutineRefusalFilter
from rencai.core.management.commands import serve_demo

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom)]
urlpatterns += __import__("config.urls", fromlist=["urlpatterns"]).urlpatterns
handler403 = "rencai.core.views.permission_denied"
handler404 = "rencai.core.views.not_found"
handler500 = "rencai.core.views.server_error"


@override_settings(DEBUG=False)
def test_a_missing_page_with_debug_off_is_the_products_404_page_not_a_url_list(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b'id="error-404"' in response.content
    assert b"URLconf" not in response.content


@override_settings(DEBUG=False)
def test_a_refused_page_with_debug_off_is_the_products_403_page(client):
    client.force_login(make_user(role=None))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert b'id="error-403"' in response.content


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_is_the_products_500_page_and_json_under_the_api():
    from django.test import Client

    client = Client(raise_request_exception=False)
    page = client.get("/boom/")
    assert page.status_code == 500
    assert b'id="error-500"' in page.content
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500
    assert api.json()["code"] == "server_error"


def test_a_routine_refusal_logs_one_line_without_a_traceback():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RoutineRefusalFilter())
    logger = logging.getLogger("rencai.tests.refusals")
    logger.addHandler(handler)
    try:
        try:
            raise PermissionError("denied")
        except PermissionError:
            logger.warning(
                "Forbidden (Permission denied): /audit/", exc_info=True, extra={"status_code": 403}
            )
            logger.error("Internal Server Error: /boom/", exc_info=True, extra={"status_code": 500})
    finally:
        logger.removeHandler(handler)
    refusal, error = stream.getvalue().split("Internal Server Error")
    assert "Forbidden (Permission denied): /audit/" in refusal
    assert "Traceback" not in refusal
    assert "Traceback" in error


def test_the_configured_console_handler_filters_routine_refusals():
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, RoutineRefusalFilter) for f in handler.filters)


def test_static_files_are_collected_only_when_they_changed(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    assert serve_demo.collect_static_if_changed() is True
    assert (tmp_path / "static" / "rencai" / "rencai.css").is_file()
    assert serve_demo.collect_static_if_changed() is False


def test_a_migrated_database_has_no_pending_migrations():
    assert serve_demo.pending_migrations() == 0


def test_prepare_only_on_a_loaded_database_skips_every_step(settings, tmp_path):
    from rencai.core.tests.factories import make_county

    make_county()  # the demo counts as loaded once a division exists
    settings.STATIC_ROOT = tmp_path / "static"
    serve_demo.collect_static_if_changed()
    out = io.StringIO()
    call_command("serve_demo", prepare_only=True, stdout=out)
    text = out.getvalue()
    assert "Applying migrations" not in text
    assert "Static files collected" not in text
    assert "Demo data loaded" not in text
    assert "Ready in" in text


def test_make_run_points_card_links_at_its_own_port():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(  # noqa: S603 (make, with fixed arguments)
        ["make", "-n", "run", "PORT=8765"],  # noqa: S607
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    line = result.stdout.replace("\\\n", " ")
    assert "serve_demo" in line, result.stdout + result.stderr
    assert "http://127.0.0.1:8765" in line
    assert "--port 8765" in line
    assert "DEBUG=False" in line
