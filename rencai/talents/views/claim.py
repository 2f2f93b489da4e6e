"""A talent creates their account by claiming their registry record (/register/).

Step 1 (claim-start) asks for the identity document and mobile and, through the service, sends
a code if they match; the details wait in the session. Step 2 (claim-confirm) takes the code,
a username and a password. Both answers are worded so they never reveal whether a record exists.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from rencai.core.errors import NotFound
from rencai.core.errors import PermissionDenied as DomainPermissionDenied
from rencai.core.masking import mask_mobile

from .. import permissions
from ..choices import IdType
from ..selectors import get_talent_for_actor
from ..services import claim as claim_service

SESSION_KEY = "talent_claim"
MOBILE_RE = re.compile(r"^1\d{10}$")


class ClaimStartForm(forms.Form):
    id_type = forms.ChoiceField(
        label=_("Identity document"), choices=IdType.choices, initial=IdType.RIC
    )
    id_number = forms.CharField(label=_("Document number"), max_length=30)
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=11,
        help_text=_("The mobile number the city has on record for you."),
    )

    def clean_id_number(self) -> str:
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean_mobile(self) -> str:
        mobile = "".join(self.cleaned_data["mobile"].split())
        if not MOBILE_RE.match(mobile):
            raise forms.ValidationError(_("A mobile number has 11 digits and starts with 1."))
        return mobile


class ClaimConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        min_length=6,
        help_text=_("The 6-digit code in the text message."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


@require_http_methods(["GET", "POST"])
def claim_start(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = ClaimStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = form.cleaned_data
        try:
            claim_service.request_claim_code(**details)
        except claim_service.TooManyCodes as exc:
            form.add_error(None, exc.message)
        else:
            request.session[SESSION_KEY] = details
            messages.info(
                request,
                _("If the details match a record, a code has been sent to the mobile."),
            )
            return redirect("talents:claim-confirm")
    return render(request, "talents/claim_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def claim_confirm(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    details = request.session.get(SESSION_KEY)
    if not details:
        return redirect("talents:claim-start")
    if request.method == "POST" and "resend" in request.POST:
        return _resend(request, details)
    form = ClaimConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = claim_service.confirm_claim(
                **details,
                code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except claim_service.InvalidAccount as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error("password1" if field == "password" else field, error)
        except claim_service.ClaimError as exc:
            form.add_error("code", exc.message)
        except claim_service.AlreadyClaimed as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Welcome!"))
            return redirect("core:home")
    return render(
        request,
        "talents/claim_confirm.html",
        {"form": form, "masked_mobile": mask_mobile(details.get("mobile", ""))},
    )


def _resend(request, details: dict):
    try:
        claim_service.request_claim_code(**details)
    except claim_service.TooManyCodes as exc:
        messages.error(request, exc.message)
    else:
        messages.info(
            request, _("If the details match a record, a new code has been sent to the mobile.")
        )
    return redirect("talents:claim-confirm")


# --- a clerk links an account at the window ------------------------------------------------


class AccountLinkForm(forms.Form):
    """The username and password the talent chooses at the counter."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def account_link(request, pk: int):
    """A clerk serving the talent creates their account with them, at the counter."""
    try:
        talent = get_talent_for_actor(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    if not permissions.is_serving(request.user, talent):
        raise PermissionDenied
    if talent.user_id is not None:
        messages.info(request, _("This record already has an account."))
        return redirect("talents:detail", talent.pk)
    form = AccountLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = claim_service.link_account_at_window(
                talent,
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except claim_service.InvalidAccount as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error("password1" if field == "password" else field, error)
        except claim_service.AlreadyClaimed as exc:
            form.add_error(None, exc.message)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            messages.success(
                request,
                _("The account %(username)s was created and linked to this record.")
                % {"username": user.username},
            )
            return redirect("talents:detail", talent.pk)
    return render(request, "talents/account_link.html", {"form": form, "talent": talent})
