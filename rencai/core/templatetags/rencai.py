"""Template filters the whole project uses: money in yuan, Chinese dates, masking."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from rencai.core.masking import mask_id_number, mask_mobile
from rencai.core.money import format_wanyuan, format_yuan
from rencai.core.text import join_list

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
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        d: date = value.date()
    else:
        d = value
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {d:%b} {d.year}"


@register.filter
def cndatetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{cndate(local)} {local:%H:%M}"


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_mobile(value) -> str:
    return mask_mobile(value or "")


@register.filter
def decimal2(value) -> str:
    return f"{Decimal(value):.2f}" if value not in (None, "") else ""
