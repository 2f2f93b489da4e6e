"""The talent registry: catalogues, talents, family members, cards, window visits."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core import city, fields
from rencai.core.clock import ClockedDateTimeField
from rencai.core.models import Division, Organisation, TimeStampedModel

from .choices import (
    CardKind,
    CardStatus,
    ChucaiLevel,
    IdType,
    MoveKind,
    Relation,
    Sex,
    StockDimension,
    StockGrain,
)
from .search import name_keys
from .visibility import visible_talents_q

# Rules name "no tier" / "no title" by this code (`Fact.none_code`): no entry may take it.
RESERVED_CODE = "none"


def validate_not_reserved(value: str) -> None:
    if value == RESERVED_CODE:
        raise ValidationError(
            _("“%(code)s” is reserved: rules use it for “no value”."),
            code="reserved",
            params={"code": value},
        )


class RankedCatalogue(models.Model):
    """A catalogue whose entries compare by rank (1 is highest), never by code."""

    code = models.SlugField(
        _("code"), max_length=30, unique=True, validators=[validate_not_reserved]
    )
    name = models.CharField(_("name"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta:
        abstract = True
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=RESERVED_CODE), name="%(app_label)s_%(class)s_code_not_reserved"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Tier(RankedCatalogue):
    """A level of the city's talent catalogue (人才层次), e.g. A–E."""

    is_high_level = models.BooleanField(_("high-level talent"), default=False)
    is_example = models.BooleanField(_("example (示例)"), default=False)

    class Meta(RankedCatalogue.Meta):
        verbose_name = _("talent tier")
        verbose_name_plural = _("talent tiers")


class Degree(RankedCatalogue):
    """An education level (学历学位)."""

    class Meta(RankedCatalogue.Meta):
        verbose_name = _("degree")
        verbose_name_plural = _("degrees")


class Title(RankedCatalogue):
    """A professional title level (职称)."""

    class Meta(RankedCatalogue.Meta):
        verbose_name = _("professional title")
        verbose_name_plural = _("professional titles")


class Tag(models.Model):
    """A registration category (youth, graduate, overseas …)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class TalentQuerySet(models.QuerySet):
    def for_actor(self, actor) -> TalentQuerySet:
        """Only the talents `actor` may see: the union of the visibility providers."""
        return self.filter(visible_talents_q(actor))

    def with_related(self) -> TalentQuerySet:
        return self.select_related("county", "tier", "degree", "title", "employer")


class Talent(TimeStampedModel):
    """A person the city serves. Birth date is stored (derived from the number where it can be)."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    id_type = models.CharField(
        _("document type"), max_length=20, choices=IdType.choices, default=IdType.RIC
    )
    id_number = models.CharField(
        pgettext_lazy("identity document", "document number"), max_length=30
    )
    id_country = models.CharField(_("issuing country"), max_length=50, blank=True)
    birth_date = models.DateField(_("birth date"), db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, db_index=True)
    county = models.ForeignKey(
        Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="talents"
    )
    degree = models.ForeignKey(
        Degree, verbose_name=_("degree"), on_delete=models.PROTECT, null=True, blank=True
    )
    school = models.CharField(_("school"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=100, blank=True)
    graduation_date = models.DateField(_("graduation date"), null=True, blank=True)
    title = models.ForeignKey(
        Title,
        verbose_name=_("professional title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
    )
    tier = models.ForeignKey(
        Tier, verbose_name=_("tier"), on_delete=models.PROTECT, null=True, blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="talents")
    arrival_date = models.DateField(_("date of arrival in the city"), null=True, blank=True)
    # Kept by `services.moves` with the move history: null while the talent is in the city.
    departed_on = models.DateField(
        _("left the city on"), null=True, blank=True, editable=False, db_index=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talent",
    )
    registered_at = models.ForeignKey(
        Organisation,
        verbose_name=_("registered at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = fields.recorded_by(_("registered by"))
    # The name's characters, bigrams, pinyin and initials (talents.search), kept on save.
    search_keys = models.TextField(_("search keys"), blank=True, default="", editable=False)

    objects = TalentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("talent")
        verbose_name_plural = _("talents")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                name="talent_document_unique",
                violation_error_message=_("A talent with this identity document already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["county", "tier"], name="talent_county_tier_idx"),
            models.Index(fields=["id_number"], name="talent_id_number_idx"),
            # the dashboard's "in the registry on a day" by county, tier and year of arrival:
            # an index-only scan of a narrow index, not of the wide rows (PostgreSQL)
            models.Index(
                fields=["county", "created_at"],
                include=["departed_on", "tier", "arrival_date"],
                name="talent_registered_idx",
            ),
            # the city's registrations within a period (`talents.registered`), by tier or
            # degree, from the index alone (a county's: `talent_registered_idx`)
            models.Index(
                fields=["created_at"],
                include=["id", "county", "tier", "degree"],  # COUNT(id): read from the index
                name="talent_created_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_keys = name_keys(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_keys"}
        super().save(*args, **kwargs)

    def age_on(self, day: date) -> int:
        """Age in full years (周岁): a person turns N on their birthday."""
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class FamilyMember(models.Model):
    """A spouse, child or parent of a talent (children matter for schooling)."""

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.CASCADE, related_name="family"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=50)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)

    class Meta:
        ordering = ["talent", "relation", "birth_date"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        constraints = [
            models.CheckConstraint(
                condition=~Q(relation=Relation.CHILD) | Q(birth_date__isnull=False),
                name="family_child_has_birth_date",
                violation_error_message=_("A child's birth date is required."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


def new_card_token() -> str:
    return secrets.token_urlsafe(24)


def card_kind_label(kind: str) -> str:
    """A card kind's name: the city's own name for its green card (孝感人才卡, ...), the
    province's for its card (楚才卡 in Hubei: city.json's `province_card`)."""
    if kind == CardKind.GREEN_CARD:
        return city.current().card_label
    if kind == CardKind.CHUCAI_CARD and city.current().province_card_name:
        return city.current().province_card_label
    return str(CardKind(kind).label) if kind in CardKind.values else kind


class TalentCardQuerySet(models.QuerySet):
    def active(self) -> TalentCardQuerySet:
        return self.filter(status=CardStatus.ACTIVE)

    def valid_on(self, day: date) -> TalentCardQuerySet:
        return self.active().filter(valid_from__lte=day, valid_to__gte=day)


class TalentCard(models.Model):
    """The city's talent green card (its name is the city's: `rencai.core.city`), or a 楚才卡
    recorded from the province.

    Renewal keeps the number and supersedes the old record; "active" means neither revoked nor
    superseded; "valid" means active and today within the validity dates.
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="cards"
    )
    kind = models.CharField(_("card kind"), max_length=20, choices=CardKind.choices)
    level = models.CharField(_("card level"), max_length=1, choices=ChucaiLevel.choices, blank=True)
    number = models.CharField(_("card number"), max_length=30)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=12, choices=CardStatus.choices, default=CardStatus.ACTIVE
    )
    token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_card_token, editable=False
    )
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
    )
    issued_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    issued_by = fields.recorded_by(_("recorded by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = fields.recorded_by(_("revoked by"))
    revoke_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    # How many times the public page answered for this card: the running number a live check
    # shows (a screenshot keeps an old one). Raised by one UPDATE per check (race-safe).
    check_count = models.PositiveIntegerField(_("times checked"), default=0, editable=False)

    objects = TalentCardQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("talent card")
        verbose_name_plural = _("talent cards")
        constraints = [
            models.UniqueConstraint(
                fields=["talent", "kind"],
                condition=Q(status=CardStatus.ACTIVE),
                name="card_one_active_per_kind",
                violation_error_message=_("This talent already holds an active card of this kind."),
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=Q(status=CardStatus.ACTIVE),
                name="card_number_unique_among_active",
                violation_error_message=_("An active card with this number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="card_valid_to_after_valid_from",
                violation_error_message=_("The end of validity must not be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(kind=CardKind.CHUCAI_CARD, level__in=["A", "B"])
                | Q(kind=CardKind.GREEN_CARD, level=""),
                name="card_level_only_for_chucai",
                violation_error_message=_("A Chucai card has level A or B; a green card has none."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CardStatus.REVOKED) | ~Q(revoke_reason=""),
                name="card_revocation_has_reason",
                violation_error_message=_("A revocation needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_kind_display(self) -> str:
        return card_kind_label(self.kind)

    def is_valid_on(self, day: date) -> bool:
        return self.status == CardStatus.ACTIVE and self.valid_from <= day <= self.valid_to


class CardSequence(models.Model):
    """The last green-card number issued per prefix and year: <PREFIX>-YYYY-NNNNNN."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("card number sequence")
        verbose_name_plural = _("card number sequences")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="card_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class WindowVisit(models.Model):
    """A clerk has opened a talent at a service point: what lets a clerk serve (and reveal)."""

    service_point = models.ForeignKey(
        Organisation, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.CASCADE, related_name="window_visits"
    )
    opened_at = ClockedDateTimeField(_("opened at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("window visit")
        verbose_name_plural = _("window visits")
        indexes = [
            models.Index(fields=["service_point", "talent"], name="visit_point_talent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.talent} @ {self.service_point}"


class DepartureReason(models.Model):
    """Why a talent left the city (工作调动, 升学深造 …): a catalogue the city admin keeps."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = _("departure reason")
        verbose_name_plural = _("departure reasons")

    def __str__(self) -> str:
        return self.name


class TalentMoveQuerySet(models.QuerySet):
    def departures(self) -> TalentMoveQuerySet:
        return self.filter(kind=MoveKind.DEPARTURE)


class TalentMove(models.Model):
    """One move of a talent, recorded by a county officer: a departure from the city (with its
    return date once they come back), a return, or a transfer between two of its counties.

    A departure row is "open" while `returned_on` is empty; at most one per talent (the
    database refuses a second departure of a talent who has already left). A return row
    points to the departure it closes (one return per departure).
    """

    talent = models.ForeignKey(
        Talent, verbose_name=_("talent"), on_delete=models.PROTECT, related_name="moves"
    )
    kind = models.CharField(_("kind of move"), max_length=10, choices=MoveKind.choices)
    moved_on = models.DateField(_("date"))
    reason = models.ForeignKey(
        DepartureReason,
        verbose_name=_("reason"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    closes = models.OneToOneField(
        "self",
        verbose_name=_("departure ended"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_by",
    )
    from_county = models.ForeignKey(
        Division,
        verbose_name=_("from county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_county = models.ForeignKey(
        Division,
        verbose_name=_("to county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = ClockedDateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = fields.recorded_by(_("recorded by"))

    objects = TalentMoveQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = _("talent move")
        verbose_name_plural = _("talent moves")
        constraints = [
            models.UniqueConstraint(
                fields=["talent"],
                condition=Q(kind=MoveKind.DEPARTURE, returned_on__isnull=True),
                name="move_one_open_departure",
                violation_error_message=_("This talent has already left the city."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=MoveKind.DEPARTURE) | Q(reason__isnull=False),
                name="move_departure_has_reason",
                violation_error_message=_("A departure needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | Q(kind=MoveKind.DEPARTURE, returned_on__gte=models.F("moved_on")),
                name="move_return_after_departure",
                violation_error_message=_("A return cannot be before the departure."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=MoveKind.RETURN) & Q(closes__isnull=False))
                | (~Q(kind=MoveKind.RETURN) & Q(closes__isnull=True)),
                name="move_return_closes_a_departure",
                violation_error_message=_("A return ends one departure of the talent."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=MoveKind.TRANSFER)
                | (
                    Q(from_county__isnull=False, to_county__isnull=False)
                    & ~Q(from_county=models.F("to_county"))
                ),
                name="move_transfer_between_two_counties",
                violation_error_message=_("A transfer goes from one county to another."),
            ),
        ]
        indexes = [
            models.Index(fields=["talent", "kind", "moved_on"], name="move_talent_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.talent} {self.get_kind_display()} {self.moved_on}"


class StockDelta(models.Model):
    """The registry's stock, pre-aggregated: `n` talents (+ or −) of a county who registered on
    `registered_on` (the local day of `created_at`) and left on `departed_on` (or not), under
    one value of one dimension. Append-only, written by PostgreSQL triggers on the talents and
    their tags (migration 0010, `talents.stocks`), folded nightly; the sum of `n` over the rows
    standing on a day is the live count of `talents.in_registry` (docs/decisions/0011). Each
    change is written twice: by day, and by month (`grain`), so a day's stock reads few rows."""

    grain = models.CharField(_("grain"), max_length=5, choices=StockGrain.choices)
    dimension = models.CharField(_("dimension"), max_length=12, choices=StockDimension.choices)
    value = models.IntegerField(_("value"), null=True)  # a tier, degree or tag id; a year
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # written by triggers; a deleted county's rows are the registry's
        related_name="+",
    )
    registered_on = models.DateField(_("registered on"))
    departed_on = models.DateField(_("left the city on"), null=True)
    n = models.IntegerField(_("talents"))

    class Meta:
        verbose_name = _("registry stock row")
        verbose_name_plural = _("registry stock rows")
        indexes = [
            # a dimension standing on a day, for the city or some counties, from the index alone
            # (the counties are few: filtered in the range, not a key before the day)
            models.Index(
                fields=["grain", "dimension", "registered_on"],
                include=["county", "departed_on", "value", "n"],
                name="stockdelta_read_idx",
            ),
            # the talents registered before the day's month who leave within it after the day
            models.Index(
                fields=["dimension", "departed_on"],
                include=["county", "registered_on", "value", "n"],
                condition=Q(grain=StockGrain.DAY, departed_on__isnull=False),
                name="stockdelta_departed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.county_id} {self.registered_on}: {self.n:+d}"
