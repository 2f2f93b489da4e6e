"""Talent cards: issue, record, renew, revoke, and the public verification answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, city, clock
from rencai.core.choices import DivisionLevel
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import Organisation

from .. import hooks, permissions
from ..choices import CardKind, CardStatus, ChucaiLevel
from ..models import CardSequence, Talent, TalentCard

MAX_VALIDITY_YEARS = 10
ACTIVE_CARD_EXISTS = _("This talent already holds an active card of this kind.")


def verification_url(card: TalentCard) -> str:
    """What the card's QR code encodes: <PUBLIC_BASE_URL>/v/<token>."""
    return f"{settings.PUBLIC_BASE_URL}/v/{card.token}"


def _check_can_manage(actor, talent: Talent) -> None:
    if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
        raise NotFound(_("Not found."))
    if not permissions.can_manage_cards(actor, talent):
        raise PermissionDenied(_("Your role may not issue or change talent cards."))


def _check_validity(valid_from: date | None, valid_to: date | None) -> None:
    errors: dict[str, list] = {}
    if valid_from is None:
        errors["valid_from"] = [_("Enter the start of validity.")]
    if valid_to is None:
        errors["valid_to"] = [_("Enter the end of validity.")]
    if valid_from and valid_to:
        if valid_to < valid_from:
            errors["valid_to"] = [_("The end of validity must not be before its start.")]
        elif valid_to.year - valid_from.year > MAX_VALIDITY_YEARS:
            errors["valid_to"] = [_("A card is valid for at most 10 years.")]
    if errors:
        raise ValidationError(errors)


def _save_new_card(card: TalentCard) -> TalentCard:
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError as exc:
        raise Conflict(ACTIVE_CARD_EXISTS, code="active_card_exists") from exc
    return card


def _next_green_card_number(year: int) -> str:
    """<prefix>-YYYY-NNNNNN, the sequence per year of first issue, under a row lock; the prefix
    is the city's (`card_prefix` in its city.json; the setting CARD_PREFIX overrides it)."""
    prefix = city.card_prefix()
    CardSequence.objects.get_or_create(prefix=prefix, year=year)
    sequence = CardSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{sequence.last_number:06d}"


def issue_green_card(talent: Talent, *, actor, valid_from: date, valid_to: date) -> TalentCard:
    """Issue the city's talent green card with the next number of this year."""
    _check_can_manage(actor, talent)
    _check_validity(valid_from, valid_to)
    with transaction.atomic():
        if TalentCard.objects.active().filter(talent=talent, kind=CardKind.GREEN_CARD).exists():
            raise Conflict(ACTIVE_CARD_EXISTS, code="active_card_exists")
        number = _next_green_card_number(clock.today().year)
        card = _save_new_card(
            TalentCard(
                talent=talent,
                kind=CardKind.GREEN_CARD,
                number=number,
                valid_from=valid_from,
                valid_to=valid_to,
                issued_by=actor,
            )
        )
        audit.record(actor, "card.issue", card, changes=_card_fields(card))
        hooks.talent_changed(talent)
    return card


def record_chucai_card(
    talent: Talent, *, actor, number: str, level: str, valid_from: date, valid_to: date
) -> TalentCard:
    """Record a 楚才卡 issued by the province: its number, level (A/B) and validity."""
    _check_can_manage(actor, talent)
    errors: dict[str, list] = {}
    number = (number or "").strip().upper()
    if not number:
        errors["number"] = [_("Enter the card number.")]
    if level not in ChucaiLevel.values:
        errors["level"] = [_("Choose card level A or B.")]
    if errors:
        raise ValidationError(errors)
    _check_validity(valid_from, valid_to)
    with transaction.atomic():
        card = _save_new_card(
            TalentCard(
                talent=talent,
                kind=CardKind.CHUCAI_CARD,
                level=level,
                number=number,
                valid_from=valid_from,
                valid_to=valid_to,
                issued_by=actor,
            )
        )
        audit.record(actor, "card.record", card, changes=_card_fields(card))
        hooks.talent_changed(talent)
    return card


def renew_card(
    card: TalentCard, *, actor, valid_to: date, valid_from: date | None = None
) -> TalentCard:
    """Renew: the same number with a new validity; the old record is superseded."""
    _check_can_manage(actor, card.talent)
    # The renewal takes over at once: from today, or from the old start if still ahead.
    valid_from = valid_from or max(card.valid_from, clock.today())
    _check_validity(valid_from, valid_to)
    with transaction.atomic():
        old = TalentCard.objects.select_for_update().get(pk=card.pk)
        if old.status != CardStatus.ACTIVE:
            raise Conflict(_("Only an active card can be renewed."), code="card_not_active")
        old.status = CardStatus.SUPERSEDED
        old.save(update_fields=["status"])
        new = _save_new_card(
            TalentCard(
                talent=old.talent,
                kind=old.kind,
                level=old.level,
                number=old.number,
                valid_from=valid_from,
                valid_to=valid_to,
                renewed_from=old,
                issued_by=actor,
            )
        )
        audit.record(
            actor,
            "card.renew",
            new,
            changes=audit.diff(
                {"valid_from": old.valid_from, "valid_to": old.valid_to},
                {"valid_from": new.valid_from, "valid_to": new.valid_to},
            ),
        )
        hooks.talent_changed(old.talent)
    return new


def revoke_card(card: TalentCard, *, actor, reason: str) -> TalentCard:
    """Revoke a card, with a reason the audit log and the card keep."""
    _check_can_manage(actor, card.talent)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for revoking the card.")]})
    with transaction.atomic():
        locked = TalentCard.objects.select_for_update().get(pk=card.pk)
        if locked.status != CardStatus.ACTIVE:
            raise Conflict(_("Only an active card can be revoked."), code="card_not_active")
        locked.status = CardStatus.REVOKED
        locked.revoked_at = clock.now()
        locked.revoked_by = actor
        locked.revoke_reason = reason[:200]
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        audit.record(
            actor,
            "card.revoke",
            locked,
            changes=audit.diff(
                {"status": CardStatus.ACTIVE}, {"status": CardStatus.REVOKED, "reason": reason}
            ),
        )
        hooks.talent_changed(locked.talent)
    return locked


def _card_fields(card: TalentCard) -> dict:
    return audit.diff(
        {},
        {
            "kind": card.kind,
            "level": card.level,
            "number": card.number,
            "valid_from": card.valid_from,
            "valid_to": card.valid_to,
        },
    )


def mask_name(name: str) -> str:
    """陈** / 欧阳*: the first character only (the public page shows nothing more)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_card_number(number: str) -> str:
    """HG-2022-***135: the prefix and the last three digits, enough to match the card in hand."""
    if len(number) <= 6:
        return "*" * len(number)
    head = number[: number.rfind("-") + 1] if "-" in number else number[:2]
    tail = number[-3:]
    return head + "*" * max(len(number) - len(head) - len(tail), 3) + tail


class Invalidity:
    """Why a card does not pass a check, in one word each."""

    EXPIRED = "expired"
    REVOKED = "revoked"
    REPLACED = "replaced"
    NOT_YET_VALID = "not_yet_valid"
    LABELS = {
        EXPIRED: _("Expired"),
        REVOKED: _("Revoked"),
        REPLACED: _("Replaced"),
        NOT_YET_VALID: _("Not yet valid"),
    }


@dataclass(frozen=True)
class Verification:
    """All the public verification page may show: the card's kind, its number partly masked,
    the holder's masked name, the validity dates, the issuing office, valid or why not, and
    when this check happened with its running number."""

    found: bool
    masked_name: str = ""
    kind: str = ""
    kind_label: str = ""
    valid: bool = False
    invalid_reason: str = ""
    masked_number: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    issuer: str = ""
    checked_at: datetime | None = None
    check_number: int = 0

    @property
    def invalid_label(self) -> str:
        return str(Invalidity.LABELS.get(self.invalid_reason, ""))


def issuer_of(card: TalentCard) -> str:
    """The office that issues this kind of card: the city's talent office for the green card
    (the organisation coded `talent_office` at city level), the province's for the Chucai card
    (city.json's `province_card`)."""
    if card.kind == CardKind.CHUCAI_CARD:
        return city.current().province_card_issuer_label or str(_("Provincial talent office"))
    office = (
        Organisation.objects.filter(code="talent_office", division__level=DivisionLevel.CITY)
        .values_list("name", flat=True)
        .first()
    )
    return office or str(_("City talent office"))


def invalidity(card: TalentCard, today: date) -> str:
    """ "" for a card valid on `today`, else why not (`Invalidity`)."""
    if card.status == CardStatus.REVOKED:
        return Invalidity.REVOKED
    if card.status == CardStatus.SUPERSEDED:
        return Invalidity.REPLACED
    if today > card.valid_to:
        return Invalidity.EXPIRED
    if today < card.valid_from:
        return Invalidity.NOT_YET_VALID
    return ""


def count_check(card: TalentCard, result: str) -> int:
    """Raise the card's check counter by one and audit the check (anonymous); the new number.

    One UPDATE raises it under the row's lock; reading it back in the same transaction sees
    our own increment, whatever other checks run at the same moment."""
    with transaction.atomic():
        TalentCard.objects.filter(pk=card.pk).update(check_count=F("check_count") + 1)
        number = TalentCard.objects.values_list("check_count", flat=True).get(pk=card.pk)
        audit.record(None, "card.check", card, changes={"result": result, "check_number": number})
    return number


def verify_card(token: str, *, today: date | None = None, count: bool = True) -> Verification:
    """Answer a scanned QR code. A superseded card's token answers for its renewal (which
    keeps the number). Each answer is counted on the card and audited (`count_check`)."""
    card = TalentCard.objects.select_related("talent").filter(token=token).first()
    if card is None:
        return Verification(found=False)
    while card.status == CardStatus.SUPERSEDED and hasattr(card, "renewed_by"):
        card = card.renewed_by
    today = today or clock.today()
    reason = invalidity(card, today)
    number = count_check(card, reason or "valid") if count else 0
    return Verification(
        found=True,
        masked_name=mask_name(card.talent.name),
        kind=card.kind,
        kind_label=str(card.get_kind_display()),
        valid=not reason,
        invalid_reason=reason,
        masked_number=mask_card_number(card.number),
        valid_from=card.valid_from,
        valid_to=card.valid_to,
        issuer=issuer_of(card),
        checked_at=clock.now(),
        check_number=number,
    )
