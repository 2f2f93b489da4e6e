"""For older eyes and every hand (适老化, GB/T 37668 / WCAG 2.1 AA): the browser's font size is
respected, 大字版 can be switched on, focus rings and greyed controls keep their contrast, and a
failed submit lands on an error summary linking to each field."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

CSS = (Path(__file__).resolve().parents[2] / "static/rencai/rencai.css").read_text()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variable(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def colour(value: str) -> str:
    found = re.match(r"var\(--([\w-]+)\)", value.strip())
    return variable(found.group(1)) if found else value.strip()


def rule(selector: str) -> str:
    return re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS).group(1)


def test_the_root_font_size_follows_the_browsers_setting():
    sizes = re.findall(r"(?<![\w-])html\s*\{[^}]*font-size:\s*([^;]+);", CSS)
    assert sizes
    assert all(not size.strip().endswith("px") for size in sizes)


def test_greyed_pagination_keeps_a_readable_contrast():
    value = re.search(r"color:\s*([^;]+);", rule(".pagination .disabled")).group(1)
    assert contrast(colour(value), "#ffffff") >= 4.5
    assert contrast(colour(value), variable("ground")) >= 4.5


def test_focus_rings_have_at_least_three_to_one_contrast():
    ring = re.search(r"outline:\s*\d+px solid ([^;]+);", rule("[tabindex]:focus-visible"))
    assert contrast(colour(ring.group(1)), "#ffffff") >= 3
    field_ring = re.search(r"outline:\s*\d+px solid ([^;]+);", rule("textarea:focus"))
    assert contrast(colour(field_ring.group(1)), "#ffffff") >= 3
    # on the blue header and menu the ring is white
    assert contrast("#ffffff", variable("blue")) >= 3
    assert contrast("#ffffff", variable("blue-dark")) >= 3


def test_larger_text_is_switched_on_and_off_from_the_footer(client):
    page = client.get(reverse("core:login")).content.decode()
    assert 'id="text-size"' in page
    assert 'class="large-text"' not in page

    response = client.post(reverse("core:text-size"), {"size": "large", "next": "/handbook/"})
    assert response.status_code == 302
    assert response["Location"] == "/handbook/"
    assert 'class="large-text"' in client.get(reverse("core:login")).content.decode()

    client.post(reverse("core:text-size"), {"size": "standard", "next": "/"})
    assert 'class="large-text"' not in client.get(reverse("core:login")).content.decode()


def test_the_text_size_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("core:text-size"), {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_failed_submit_lands_on_an_error_summary_linking_to_each_field(client):
    response = client.post(reverse("core:login"), {"username": "", "password": ""})

    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S).group(0)
    assert "autofocus" in summary
    assert 'tabindex="-1"' in summary
    assert 'href="#id_username"' in summary
    assert 'href="#id_password"' in summary
