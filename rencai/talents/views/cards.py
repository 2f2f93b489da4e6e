"""Talent-card pages: issue, record, renew, revoke, the QR image and the public verification.

Every page but `card_verify` needs a signed-in user. A talent or card outside the user's scope
answers 404 (as if missing); one the user sees but may not manage answers 403.

The talent detail page shows the cards through `talents/_cards.html`, passing
`talent` and `cards = card_panel(request.user, talent)` (see `CardPanel`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from rencai.core import clock
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.listfilters import active_filters, export_query
from rencai.core.templatetags.rencai import cndate
from rencai.core.xlsx.writing import xlsx_download

from .. import permissions, selectors
from ..choices import CardKind, CardStatus, card_kind_label
from ..exports import export_cards
from ..forms import counties_for
from ..forms_cards import (
    CardFilterForm,
    CardRenewForm,
    CardRevokeForm,
    ChucaiCardRecordForm,
    GreenCardIssueForm,
    add_service_errors,
)
from ..models import Talent, TalentCard
from ..services import cards as services

# The QR code of a card: segno.make(verification_url(card), **QR_OPTIONS), saved as SVG with
# QR_SVG_OPTIONS. Level M survives a scuffed printed card; a white background scans on any page.
QR_OPTIONS = {"error": "m", "micro": False}
QR_SVG_OPTIONS = {"kind": "svg", "scale": 4, "border": 4, "dark": "#000", "light": "#fff"}
MAX_TOKEN_LENGTH = 64

# ---------------------------------------------------------------------------------------------
# The cards panel of the talent detail page


@dataclass(frozen=True)
class CardRow:
    """One card as the panel shows it: its state today and what the user may do to it."""

    card: TalentCard
    state: str  # valid | not_yet_valid | expired | revoked | superseded
    state_label: str
    badge: str  # ok | warn | bad | muted (a CSS modifier of .badge)
    verify_url: str  # the public address in the QR code; "" unless the card is active
    can_change: bool  # renew / revoke


STATES = {
    "valid": (gettext_lazy("Valid"), "ok"),
    "not_yet_valid": (gettext_lazy("Not yet valid"), "warn"),
    "expired": (gettext_lazy("Expired"), "warn"),
    "revoked": (gettext_lazy("Revoked"), "bad"),
    "superseded": (gettext_lazy("Superseded by renewal"), "muted"),
}


def card_state(card: TalentCard, today) -> str:
    if card.status == CardStatus.REVOKED:
        return "revoked"
    if card.status == CardStatus.SUPERSEDED:
        return "superseded"
    if today < card.valid_from:
        return "not_yet_valid"
    if today > card.valid_to:
        return "expired"
    return "valid"


@dataclass(frozen=True)
class CardPanel:
    """Context of `talents/_cards.html`: a talent's cards, active ones first."""

    talent: Talent
    rows: list[CardRow] = field(default_factory=list)
    can_manage: bool = False
    can_issue_green_card: bool = False  # may manage, and no active green card yet
    can_record_chucai_card: bool = False  # may manage, and no active Chucai card yet

    @property
    def province_card(self) -> str:
        """The province's card's name (city.json: 楚才卡 in Hubei)."""
        return card_kind_label(CardKind.CHUCAI_CARD)

    @property
    def active(self) -> list[CardRow]:
        return [r for r in self.rows if r.card.status == CardStatus.ACTIVE]

    @property
    def history(self) -> list[CardRow]:
        return [r for r in self.rows if r.card.status != CardStatus.ACTIVE]

    def __iter__(self) -> Iterator[CardRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def card_panel(user, talent: Talent) -> CardPanel:
    """The cards panel for a talent the caller has already fetched through the actor's scope."""
    today = clock.today()
    can_manage = permissions.can_manage_cards(user, talent)
    cards = sorted(
        TalentCard.objects.filter(talent=talent).order_by("-issued_at", "-id"),
        key=lambda c: c.status != CardStatus.ACTIVE,
    )
    rows = []
    for card in cards:
        state = card_state(card, today)
        label, badge = STATES[state]
        active = card.status == CardStatus.ACTIVE
        rows.append(
            CardRow(
                card=card,
                state=state,
                state_label=str(label),
                badge=badge,
                verify_url=services.verification_url(card) if active else "",
                can_change=can_manage and active,
            )
        )
    active_kinds = {r.card.kind for r in rows if r.card.status == CardStatus.ACTIVE}
    return CardPanel(
        talent=talent,
        rows=rows,
        can_manage=can_manage,
        can_issue_green_card=can_manage and CardKind.GREEN_CARD not in active_kinds,
        can_record_chucai_card=can_manage and CardKind.CHUCAI_CARD not in active_kinds,
    )


# ---------------------------------------------------------------------------------------------
# Scoped getters and error mapping


def _talent_to_manage(request, pk) -> Talent:
    try:
        talent = selectors.get_talent_for_actor(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    if not permissions.can_manage_cards(request.user, talent):
        raise Forbidden
    return talent


def _card_to_manage(request, pk) -> TalentCard:
    try:
        card = selectors.get_card_for_actor(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    if not permissions.can_manage_cards(request.user, card.talent):
        raise Forbidden
    return card


def _attempt[T](form, action: Callable[[], T]) -> T | None:
    """Run a card service; its refusals become form errors (or 404/403 if scope changed)."""
    try:
        return action()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, str(exc.message))
    except NotFound as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise Forbidden from exc
    return None


def _to_detail(talent_id: int):
    return redirect("talents:detail", pk=talent_id)


def _form_page(request, *, talent, form, title, submit_label, card=None, intro=""):
    return render(
        request,
        "talents/card_form.html",
        {
            "talent": talent,
            "card": card,
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "intro": intro,
        },
    )


# ---------------------------------------------------------------------------------------------
# Pages


@login_required
@require_http_methods(["GET", "POST"])
def card_issue(request, pk):
    """Issue the city's green card (numbered automatically)."""
    talent = _talent_to_manage(request, pk)
    form = GreenCardIssueForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        card = _attempt(
            form,
            lambda: services.issue_green_card(talent, actor=request.user, **form.cleaned_data),
        )
        if card is not None:
            messages.success(request, _("Green card %(number)s issued.") % {"number": card.number})
            return _to_detail(talent.pk)
    return _form_page(
        request,
        talent=talent,
        form=form,
        title=_("Issue a green card"),
        submit_label=_("Issue card"),
        intro=_("The card number is given automatically."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def card_record(request, pk):
    """Record a Chucai card issued by the province."""
    talent = _talent_to_manage(request, pk)
    form = ChucaiCardRecordForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        card = _attempt(
            form,
            lambda: services.record_chucai_card(talent, actor=request.user, **form.cleaned_data),
        )
        if card is not None:
            messages.success(
                request,
                _("%(card)s %(number)s recorded.")
                % {"card": card.get_kind_display(), "number": card.number},
            )
            return _to_detail(talent.pk)
    return _form_page(
        request,
        talent=talent,
        form=form,
        title=_("Record a card: %(card)s") % {"card": card_kind_label(CardKind.CHUCAI_CARD)},
        submit_label=_("Record card"),
        intro=_("Enter the card as the province issued it."),
    )


def _refuse_inactive(request, card: TalentCard, message: str):
    messages.error(request, message)
    return _to_detail(card.talent_id)


@login_required
@require_http_methods(["GET", "POST"])
def card_renew(request, pk):
    """Renew an active card: same number, new end of validity."""
    card = _card_to_manage(request, pk)
    if card.status != CardStatus.ACTIVE:
        return _refuse_inactive(request, card, _("Only an active card can be renewed."))
    form = CardRenewForm(request.POST if request.method == "POST" else None, card=card)
    if form.is_bound and form.is_valid():
        new = _attempt(
            form,
            lambda: services.renew_card(
                card, actor=request.user, valid_to=form.cleaned_data["valid_to"]
            ),
        )
        if new is not None:
            messages.success(
                request,
                _("Card %(number)s renewed until %(date)s.")
                % {"number": new.number, "date": cndate(new.valid_to)},
            )
            return _to_detail(card.talent_id)
    return _form_page(
        request,
        talent=card.talent,
        card=card,
        form=form,
        title=_("Renew a card"),
        submit_label=_("Renew card"),
        intro=_("The card keeps its number; the current record is superseded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def card_revoke(request, pk):
    """Revoke an active card, with a reason (the page asks first; the POST revokes)."""
    card = _card_to_manage(request, pk)
    if card.status != CardStatus.ACTIVE:
        return _refuse_inactive(request, card, _("Only an active card can be revoked."))
    form = CardRevokeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        revoked = _attempt(
            form,
            lambda: services.revoke_card(
                card, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if revoked is not None:
            messages.success(request, _("Card %(number)s revoked.") % {"number": card.number})
            return _to_detail(card.talent_id)
    return render(request, "talents/card_revoke.html", {"card": card, "form": form})


def qr_svg(url: str) -> bytes:
    """An SVG QR code of `url`."""
    buffer = io.BytesIO()
    segno.make(url, **QR_OPTIONS).save(buffer, **QR_SVG_OPTIONS)
    return buffer.getvalue()


@login_required
@require_safe
def card_qr(request, pk):
    """The card's QR code (its public verification address), for users who see the card."""
    try:
        card = selectors.get_card_for_actor(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    response = HttpResponse(qr_svg(services.verification_url(card)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def card_verify(request, token):
    """PUBLIC: what a scanned QR code shows — masked name, card kind, valid or not. Nothing else."""
    if len(token) <= MAX_TOKEN_LENGTH:
        verification = services.verify_card(token)
    else:
        verification = services.Verification(found=False)
    response = render(
        request,
        "talents/verify.html",
        {"verification": verification},
        status=200 if verification.found else 404,
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_safe
def card_list(request):
    """Every card record of the talents in the user's scope, newest first: the list behind the
    "cards issued" figure (its drill-down brings the county and the period)."""
    if not permissions.can_browse_registry(request.user):
        raise Forbidden
    counties = counties_for(request.user, registering=False)
    form = CardFilterForm(request.GET or None, counties=counties)
    filters = form.filters()
    cards = selectors.cards_for_actor(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        output, filename = export_cards(request.user, cards)
        return xlsx_download(output, filename)
    page = Paginator(cards, 50).get_page(request.GET.get("page"))
    county = counties.filter(pk=filters["county"]).first() if filters.get("county") else None
    kind = card_kind_label(filters["kind"]) if filters.get("kind") else None
    return render(
        request,
        "talents/card_list.html",
        {
            "form": form,
            "page": page,
            "export_query": export_query(request.GET),
            "filtered": any(filters.values()),
            "active_filters": active_filters(
                start=filters.get("issued_from"),
                end=filters.get("issued_to"),
                county=county,
                others=[kind],
            ),
        },
    )
