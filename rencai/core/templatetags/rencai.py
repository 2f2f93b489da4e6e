"""Template filters the whole project uses: money in yuan, Chinese dates, masking."""

from decimal import Decimal

from django import template

from rencai.core.masking import mask_id_number, mask_mobile
from rencai.core.money import format_wanyuan, format_yuan
from rencai.core.text import format_date, format_datetime, join_list

register = template.Library()


@register.filter
def joinlist(items) -> str:
    """Names joined with the active language's separator (、 in Chinese)."""
    return join_list(items)


@register.filter
def yuan(fen) -> str:
    """Integer fen shown as ¥1,000,000.00 (Django's zh-Hans format has no thousands separator)."""
    return format_yuan(fen)


@register.filter
def wanyuan(fen) -> str:
    """Integer fen as a headline figure: 1,660万元 (¥16.6 million in English)."""
    return format_wanyuan(fen)


@register.filter
def cndate(value) -> str:
    """2022年9月6日 in Chinese, 6 Sep 2022 in English."""
    return format_date(value)


@register.filter
def cndatetime(value) -> str:
    """2022年9月6日 09:00, in Asia/Shanghai."""
    return format_datetime(value)


@register.filter
def cnseconds(value) -> str:
    """2022年9月6日 09:00:05: a time to the second, in Asia/Shanghai."""
    return format_datetime(value, seconds=True)


COMPARISON_SYMBOLS = {">=": "≥", "<=": "≤", "!=": "≠", "==": "="}


@register.filter
def compare_symbol(operator) -> str:
    """A rule's comparison as a person writes it: ≥ ≤ ≠ = (never >= or <=)."""
    return COMPARISON_SYMBOLS.get(str(operator), str(operator))


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_mobile(value) -> str:
    return mask_mobile(value or "")


@register.filter
def decimal2(value) -> str:
    return f"{Decimal(value):.2f}" if value not in (None, "") else ""
