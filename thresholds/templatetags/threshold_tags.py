import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """A phone number as printed, reduced to what a tel: link dials."""
    return re.sub(r"[^0-9+]", "", number)
