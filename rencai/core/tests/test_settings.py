"""Settings come from the environment; production refuses to start without a real secret."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.portable


def start_django(settings: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' plugin in this process, never deployed.
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_django("config.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = start_django(
        "config.settings.prod", SECRET_KEY="x" * 50, DATABASE_URL="sqlite:///:memory:"
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_defaults_need_no_environment():
    result = start_django("config.settings.dev", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr


DEPLOY_CHECK = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING'); print('deploy-ready')"
)


def test_production_settings_pass_the_deploy_check_with_no_warning():
    import secrets

    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' plugin in this process, never deployed.
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
    )
    environment.pop("EMAIL_BACKEND", None)
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", DEPLOY_CHECK],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "deploy-ready" in result.stdout
    assert "WARNINGS" not in result.stderr


TEMPLATE_DIRS = [ROOT / "rencai"]
# Rendered to PDF by the server, never served as a page: their <style> is not under the CSP.
PDF_TEMPLATES = {"receipt_pdf.html", "bulletin_pdf.html"}
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)


def served_templates():
    for path in sorted(ROOT.joinpath("rencai").rglob("templates/**/*.html")):
        if path.name not in PDF_TEMPLATES:
            yield path


def test_no_template_carries_an_inline_style_or_script_the_csp_would_block():
    offenders = []
    for path in served_templates():
        text = COMMENT.sub(lambda m: "\n" * m.group().count("\n"), path.read_text("utf-8"))
        for pattern, what in (
            (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
            (re.compile(r"<style\b", re.IGNORECASE), "<style> element"),
            (INLINE_SCRIPT, "inline <script> without a nonce"),
            (INLINE_HANDLER, "on…= event handler"),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert offenders == []


def test_production_headers_forbid_framing_sniffing_and_foreign_referrers():
    from django.conf import settings

    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert settings.SECURE_REFERRER_POLICY == "same-origin"
    assert "'unsafe-inline'" not in str(settings.SECURE_CSP)
