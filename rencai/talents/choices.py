from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    """Identity documents (catalogues.md)."""

    RIC = "ric", _("Resident identity card")
    HK_MO_TW_RESIDENCE = "hk_mo_tw_residence", _("Hong Kong, Macao and Taiwan residence permit")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID card")
    PASSPORT = "passport", _("Passport")


# Documents whose number carries the birth date, sex and a GB 11643 check digit.
CHECKSUMMED_ID_TYPES = frozenset({IdType.RIC, IdType.HK_MO_TW_RESIDENCE})


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class CardKind(models.TextChoices):
    """A card's kind. The green card is the city's own and the Chucai card the province's:
    their names are the city's data (`rencai.core.city`: `card_name`, `province_card`; shown
    by `TalentCard.get_kind_display`); the labels here are the neutral ones."""

    GREEN_CARD = "green_card", _("City talent green card")
    CHUCAI_CARD = "chucai_card", _("Province talent card")


def card_kind_choices() -> list[tuple[str, str]]:
    """The card kinds with the names the configured city gives them (its green card's, its
    province's card's: city.json), for filters and forms; the neutral label where none."""
    from rencai.core import city

    current = city.current()
    names = {
        CardKind.GREEN_CARD: current.card_label,
        CardKind.CHUCAI_CARD: current.province_card_label,
    }
    return [(value, names.get(value) or str(label)) for value, label in CardKind.choices]


def card_kind_label(kind: str) -> str:
    """One kind's name as `card_kind_choices` gives it."""
    return dict(card_kind_choices()).get(kind, kind)


class ChucaiLevel(models.TextChoices):
    A = "A", _("A card")
    B = "B", _("B card")


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded by renewal")
    REVOKED = "revoked", _("Revoked")


class MoveKind(models.TextChoices):
    """A talent's move: leaving the city, coming back, or moving between its counties."""

    DEPARTURE = "departure", _("Departure")
    RETURN = "return", _("Return")
    TRANSFER = "transfer", _("Transfer between counties")


# The departure reasons the catalogue starts with (code, label, rank): seeded by migration 0006
# (its own frozen copy) and again after every migrate or flush where missing
# (`apps.seed_departure_reasons`). The city administrator edits the catalogue in the admin.
DEPARTURE_REASONS = (
    ("job_transfer", "工作调动", 10),
    ("further_study", "升学深造", 20),
    ("family", "家庭原因", 30),
    ("start_business", "外出创业", 40),
    ("retirement", "退休", 50),
    ("other", "其他", 90),
)


class StockDimension(models.TextChoices):
    """What a row of the registry's stock table counts by (`StockDelta`): the total, or one
    breakdown of `talents.in_registry` (a talent has one row under each of their tags)."""

    TOTAL = "total", _("Total")
    TIER = "tier", _("Tier")
    DEGREE = "degree", _("Degree")
    ARRIVAL_YEAR = "arrival_year", _("Year of arrival")
    TAG = "tag", _("Tag")


class StockGrain(models.TextChoices):
    """A stock row's dates: the days themselves, or their months (the first of each). Every
    change is written at both grains; a day's stock reads the months before its own at the
    month grain and its own month at the day grain (`talents.stocks.standing`)."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
