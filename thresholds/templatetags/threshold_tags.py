from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from thresholds.phones import dialable_parts

register = template.Library()


@register.filter
def phone_links(printed: str) -> SafeString:
    """A phone number as printed, with one tel: link per number it offers ("0151 934 4013/ 4481" is two)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html('<a class="govuk-link threshold-phone" href="tel:{}">{}</a>', part.dial, part.text),)
            if part.dial
            else (part.text,)
            for part in dialable_parts(printed or "")
        ),
    )


@register.filter
def get_item(mapping, key):
    """Look up a key in a mapping from a template (levels by number, and so on)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def replacement_for(framework: Any, area: str = "") -> dict[str, Any] | None:
    """For a superseded version: the current version that replaced it and where to check against it (the same
    area where the new version covers it, else the start page)."""
    from django.urls import reverse

    from thresholds.selectors import framework_replacing

    replacement = framework_replacing(framework)
    if replacement is None:
        return None
    covers = bool(area) and replacement.areas.filter(code=area).exists()
    url = reverse("thresholds:check", args=[replacement.slug, area]) if covers else reverse("start")
    return {"framework": replacement, "url": url}


@register.filter(needs_autoescape=True)
def link_urls(text: str, autoescape: bool = True) -> SafeString:
    """The document's plain-text web addresses as GOV.UK links that wrap on a narrow screen (the rest escaped)."""
    from django.utils.html import urlize

    linked = urlize(text, nofollow=False, autoescape=autoescape)
    return mark_safe(linked.replace("<a ", '<a class="govuk-link threshold-wrap" '))  # noqa: S308 - urlize escaped it
