"""The events' use cases (writes). Each checks its permission, runs in one transaction and
writes its audit event."""

from .check_in import ScanResult, check_in, check_in_batch, check_in_many
from .lifecycle import cancel_event, close_event, create_event, publish_event, update_event
from .mixers import close_picks_round, consent_to_share, mutual_pairs, set_picks
from .registration import (
    accept_offer,
    cancel_registration,
    expire_offers,
    normalise_code,
    offer_freed_places,
    register,
    register_many,
)
from .walk_in import register_walk_in

__all__ = [
    "ScanResult",
    "accept_offer",
    "cancel_event",
    "cancel_registration",
    "check_in",
    "check_in_batch",
    "check_in_many",
    "close_event",
    "close_picks_round",
    "consent_to_share",
    "create_event",
    "expire_offers",
    "mutual_pairs",
    "normalise_code",
    "offer_freed_places",
    "publish_event",
    "register",
    "register_many",
    "register_walk_in",
    "set_picks",
    "update_event",
]
