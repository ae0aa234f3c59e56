"""The donation box editors place on the home page and in articles. It
posts to the members app's checkout by address; nothing here imports it."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("components/support_box.html")
def support_box(heading: str, text: str = "", page_id=None, box_id: str = "-box"):
    return {
        "heading": heading,
        "text": text,
        "page_id": page_id or "",
        "box_id": box_id,
        "amounts": settings.MEMBERS_DONATION_AMOUNTS,
        "currency": settings.MEMBERS_CURRENCY.upper(),
        "fee_percent": settings.STRIPE_FEE_PERCENT,
        "fee_fixed": settings.STRIPE_FEE_FIXED / 100,
    }


@register.filter
def cents(value) -> str:
    """An amount in cents as the reader reads it: 5, 4.50."""
    value = int(value or 0)
    return f"{value // 100}" if value % 100 == 0 else f"{value / 100:.2f}"
