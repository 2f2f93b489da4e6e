"""The second factor's two pages: enrol an authenticator, and verify a code at log-in."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import second_factor
from .views import _next_url


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows, or one recovery code."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """At log-in: the code of the user's authenticator (or a recovery code)."""
    if request.user.is_verified() or not second_factor.has_device(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right (or was used already). Try the next one."))
    return render(
        request, "core/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Scan the QR code with an authenticator app, confirm with its first code, and keep the
    recovery codes shown once."""
    if second_factor.has_device(request.user):
        return redirect(_next_url(request))
    device = second_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "core/second_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("That code is not right. Check the phone's time and try again."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "core/second_factor_enrol.html",
        {
            "form": form,
            "qr": qr.svg_data_uri(scale=4, border=2),
            "secret": _base32(device.bin_key),
            "next": _next_url(request),
            "required": second_factor.is_required(request.user),
        },
    )


def _base32(key: bytes) -> str:
    """The key as an authenticator app takes it typed in (base32, in groups of four)."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
