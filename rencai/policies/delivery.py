"""Benefits delivered by a service app, not by the desk's generic case.

A service app (schooling, the medical channel …) that delivers a catalogue benefit through
its own records registers it from its `AppConfig.ready()`:

    register_delivery("children_schooling", url_name="schooling:my-schooling", label=_("Schooling"))

The desk then refuses to open a generic case for it, and the talent's "apply" pages send
the talent to the app's own page (`url_name`) instead. `policies` still owns the benefit's
rule and the entitlement the app records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Delivery:
    benefit_code: str
    url_name: str
    label: Promise | str


_deliveries: dict[str, Delivery] = {}


def register_delivery(benefit_code: str, *, url_name: str, label: Promise | str) -> None:
    _deliveries[benefit_code] = Delivery(benefit_code, url_name, label)


def delivery_for(benefit_code: str) -> Delivery | None:
    """The app delivering this benefit, or None when the desk does (its generic case)."""
    return _deliveries.get(benefit_code)


def delivered_codes() -> frozenset[str]:
    return frozenset(_deliveries)
