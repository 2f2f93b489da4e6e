"""Every form shows the error summary (issue 9, GB/T 37668): after a failed submit, focus moves
to one summary that links to each field. A form that renders its fields one by one must include
`includes/form_errors.html` (or `includes/form_fields.html`, which does) inside its <form>.

The walk reads every template of the project; a new form without the summary fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.portable

ROOT = Path(__file__).resolve().parents[2]
FORM = re.compile(r"<form\b[^>]*>(.*?)</form>", re.S)
# A field rendered: through includes/field.html, `{{ some_form.name }}`, or `{{ field }}`.
FIELD = re.compile(
    r'include "includes/field\.html"'
    r"|\{\{\s*\w*form\w*\.(?!prefix\b|non_field_errors\b|errors\b|media\b|action\b)\w+\s*\}\}"
    r"|\{\{\s*field\s*\}\}"
)
SUMMARY = re.compile(r"includes/form_(errors|fields)\.html")


def _forms_without_summary() -> list[str]:
    missing = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for n, match in enumerate(FORM.finditer(path.read_text(encoding="utf-8")), start=1):
            body = match.group(1)
            if FIELD.search(body) and not SUMMARY.search(body):
                missing.append(f"{path.relative_to(ROOT)} (form {n})")
    return missing


def test_the_walk_finds_the_forms():
    forms = [
        path
        for path in ROOT.rglob("templates/**/*.html")
        if FORM.search(path.read_text(encoding="utf-8"))
    ]
    assert len(forms) > 50


def test_every_form_that_renders_fields_shows_the_error_summary():
    assert _forms_without_summary() == []
