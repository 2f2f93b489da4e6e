"""The city Rencai serves: its name, its card's name and number prefix — data, not code.

Each city has a data folder (`core/data/<city>/`, or `RENCAI_CITY_DATA`) whose `city.json`
says who it is; the rest of the folder is its demo (divisions, organisations, users,
catalogues, policies, ...). `settings.RENCAI_CITY` picks the folder (default `huanggang`).
Nothing in the code names a city: pages, cards and the public check read `current()`.

    {"slug": "xiaogan", "division_code": "420900",
     "name": "孝感市", "name_en": "Xiaogan",
     "card_name": "孝感人才卡", "card_name_en": "Xiaogan talent card", "card_prefix": "XG",
     "area_code": "0712",
     "province_card": {"name": "楚才卡", "name_en": "Chucai card (Hubei)",
                       "issuer": "湖北省人才办", "issuer_en": "Hubei Provincial Talent Office"},
     "demo_loaders": ["core", "talents", ...], "demo_loaders_off": {"...": "why"}}

`area_code` is the city's telephone area code (the demo directory's fallback numbers);
`province_card` names the card the province issues and its issuer (cards of that kind are
recorded, not issued, here). `demo_loaders` (optional) lists the demo loaders the city's demo
has data for; the others are skipped, and `demo_loaders_off` says why each is off. Without it
every loader runs.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

DATA_ROOT = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class City:
    slug: str
    division_code: str
    name: str
    name_en: str
    card_name: str
    card_name_en: str
    card_prefix: str
    demo_loaders: frozenset[str] | None = None
    area_code: str = ""
    province_card_name: str = ""
    province_card_name_en: str = ""
    province_card_issuer: str = ""
    province_card_issuer_en: str = ""

    @property
    def display_name(self) -> str:
        """The city's name in the active language (Chinese unless English is asked for)."""
        return self.name_en if _english() else self.name

    @property
    def card_label(self) -> str:
        """The name of the city's green card in the active language."""
        return self.card_name_en if _english() else self.card_name

    @property
    def province_card_label(self) -> str:
        """The name of the province's talent card (楚才卡 in Hubei) in the active language."""
        return self.province_card_name_en if _english() else self.province_card_name

    @property
    def province_card_issuer_label(self) -> str:
        """Who issues the province's card, in the active language."""
        return self.province_card_issuer_en if _english() else self.province_card_issuer

    def __str__(self) -> str:
        return self.display_name


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def data_dir(slug: str | None = None) -> Path:
    """The data folder of city `slug` (default: the configured city)."""
    if slug is None:
        configured = getattr(settings, "RENCAI_CITY_DATA", "")
        if configured:
            return Path(configured)
        slug = settings.RENCAI_CITY
    return DATA_ROOT / slug


@functools.cache
def read(folder: Path) -> City:
    """The city described by `folder/city.json` (read once per folder)."""
    data = json.loads((folder / "city.json").read_text(encoding="utf-8"))
    loaders = data.get("demo_loaders")
    province = data.get("province_card", {})
    return City(
        slug=data["slug"],
        division_code=data["division_code"],
        name=data["name"],
        name_en=data["name_en"],
        card_name=data["card_name"],
        card_name_en=data["card_name_en"],
        card_prefix=data["card_prefix"],
        demo_loaders=frozenset(loaders) if loaders is not None else None,
        area_code=data.get("area_code", ""),
        province_card_name=province.get("name", ""),
        province_card_name_en=province.get("name_en", province.get("name", "")),
        province_card_issuer=province.get("issuer", ""),
        province_card_issuer_en=province.get("issuer_en", province.get("issuer", "")),
    )


def current() -> City:
    """The configured city (`RENCAI_CITY`, or the folder `RENCAI_CITY_DATA`)."""
    return read(data_dir())


def card_prefix() -> str:
    """The prefix of new green-card numbers: `CARD_PREFIX` if set, else the city's."""
    return getattr(settings, "CARD_PREFIX", "") or current().card_prefix
