import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

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


_CELL = re.compile(r"^\s*<(td|th)\b")


@register.filter
def labelled_cells(cells: Iterable[str], headers: Iterable[dict[str, Any]]) -> list[SafeString]:
    """The admin change list's cells, each with its column's name as `data-label` (a phone shows it above the
    value, since the header row is hidden there). The cells are the admin's own escaped HTML: only the
    attribute is added to each cell's opening tag."""
    labelled = []
    for cell, header in zip(cells, headers, strict=False):
        name = capfirst(strip_tags(str(header.get("text", ""))).strip()) or "Select"
        opening = _CELL.match(cell)
        if opening:
            cell = format_html('<{} data-label="{}"', opening.group(1), name) + cell[opening.end() :]
        labelled.append(mark_safe(cell))  # noqa: S308 - the admin's own escaped cell, one escaped attribute added
    return labelled


# A UK phone number as the documents print them in running text ("01905 822666", "0151 934 4013",
# "0345 140 0845", "+44 1905 822666"): kept on one line wherever it falls (issue 18, item 6).
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+44 ?|0)\d{2,4}(?: ?\d{3,4}){1,2}(?!\w)")


@register.filter(needs_autoescape=True)
def nowrap_phones(text: str, autoescape: bool = True) -> SafeString:
    """The text escaped, each phone number in it in a `threshold-phone` span (never broken across lines).

    Safe input for `linebreaks`, which then keeps the spans: `{{ text|nowrap_phones|linebreaks }}`."""
    escaped = str(conditional_escape(text or "")) if autoescape else str(text or "")
    return mark_safe(_PHONE_IN_TEXT.sub(r'<span class="threshold-phone">\g<0></span>', escaped))  # noqa: S308 - escaped above


@register.filter
def phone_nowrap(printed: str) -> SafeString:
    """A phone entry as printed ("0151 934 4013/ 4481"), kept on one line, with no link (the PDF links to nothing)."""
    return format_html('<span class="threshold-phone">{}</span>', printed) if printed else SafeString("")


def _same(text: str) -> str:
    return " ".join((text or "").split())


@register.filter
def passage_sections(passages: Iterable[Any], shown: str = "") -> list[dict[str, Any]]:
    """The consent passages as the page shows them: one section per title (a document can continue a section
    in a second passage of the same title: hw-2025's "Information sharing and consent", Sefton's "Consent"),
    leaving out a passage that says only what the page has just shown (`shown`, the level's own text)."""
    sections: list[dict[str, Any]] = []
    for passage in passages:
        if not passage.items and _same(passage.text) and _same(passage.text) == _same(shown):
            continue
        if sections and sections[-1]["title"] == passage.title:
            sections[-1]["passages"].append(passage)
        else:
            sections.append({"title": passage.title, "passages": [passage]})
    return sections


@register.filter
def emergency_texts(suggestion: Any) -> list[str]:
    """What to do in an emergency, each sentence once: the guidance's emergency text and its emergency pathways'
    texts, leaving out one that another already says in full (hw-2025's pathway repeats the text and adds to it)."""
    texts = [suggestion.emergency_text, *(pathway.text for pathway in suggestion.emergency_pathways)]
    texts = [t for t in texts if _same(t)]
    kept: list[str] = []
    for index, text in enumerate(texts):
        others = texts[:index] + texts[index + 1 :]
        if any(_same(text) in _same(other) and (_same(text) != _same(other) or other in kept) for other in others):
            continue
        kept.append(text)
    return kept


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
