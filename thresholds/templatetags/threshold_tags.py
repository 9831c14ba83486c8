import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """A phone number as printed, reduced to what a tel: link dials."""
    return re.sub(r"[^0-9+]", "", number)


@register.filter
def get_item(mapping, key):
    """Look up a key in a mapping from a template (levels by number, and so on)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
