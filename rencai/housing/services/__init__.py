"""Use cases of `housing`, by workflow (apartments, applications, allocation, tenancies):

from rencai.housing import services
offer = services.allocate_unit(unit, round_=round_, actor=officer)
tenancy = services.accept_offer(offer, actor=talent_user)
"""

from .allocation import (
    accept_offer,
    allocate_round,
    allocate_unit,
    close_round,
    decline_offer,
    expire_offers,
    open_round,
)
from .applications import apply_for_apartment, refresh_inputs, withdraw_application
from .common import HousingError
from .tenancies import move_out, record_move_in, renew_tenancy
from .units import add_unit, change_unit_state, create_building

__all__ = [
    "HousingError",
    "accept_offer",
    "add_unit",
    "allocate_round",
    "allocate_unit",
    "apply_for_apartment",
    "change_unit_state",
    "close_round",
    "create_building",
    "decline_offer",
    "expire_offers",
    "move_out",
    "open_round",
    "record_move_in",
    "refresh_inputs",
    "renew_tenancy",
    "withdraw_application",
]
