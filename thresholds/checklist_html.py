"""The checklist's HTML, rendered once per guidance version and shared; the ticks applied per request.

Sefton's checklist is 373 GOV.UK checkboxes, about 220 KB of HTML and 3,000 template variables: rendering it
was most of the indicator page's time. The template is rendered once per framework version with a marker
where each box's `checked` goes, kept in the Django cache (Redis in production, so every process shares it)
and in a per-process memo, split at the markers. A request joins the pieces, putting ` checked` after the
boxes it ticked: the same bytes the template would give for those ticks. A filtered list (the Filter button
without JavaScript) or one with an error renders the template in full: rare, and the same template.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from .checklist import checklist
from .engine import FrameworkSnapshot
from .models import Framework

TEMPLATE = "thresholds/_checklist.html"
CHECKED = " checked"
_MARK = "\x00"  # where a box's " checked" goes: never in escaped text or in a code (validated slugs)

# Split renderings by cache key; a key never comes back with other content (see snapshot._MEMO).
_MEMO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_MEMO_SIZE = 32


class _Everything:
    """`code in ticked` for every code: each box gets the marker."""

    def __contains__(self, item: object) -> bool:
        return True


def template_version() -> str:
    """A digest of the template's source: a changed template renders anew (a deployment, or runserver's reload,
    which resets the template loaders without restarting the process). The loader caches the template."""
    source = get_template(TEMPLATE).template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def cache_key(framework: Framework) -> str:
    published = framework.published.isoformat() if framework.published else ""
    version = f"{framework.content_version}:{published}:{template_version()}"
    return f"checklist-html:{framework.pk}:{framework.slug}:{version}"


def full_context(snapshot: FrameworkSnapshot) -> dict:
    """Every box shown, none in error: the context the cached rendering is made with."""
    groups = checklist(snapshot)
    return {
        "groups": groups,
        "shown": None,
        "visible_domains": {d.domain.code for g in groups for d in g.domains},
        "visible_groups": {g.name for g in groups},
        "indicator_errors": [],
    }


def _pieces(framework: Framework, snapshot: FrameworkSnapshot) -> tuple[tuple[str, ...], tuple[str, ...]]:
    key = cache_key(framework)
    memo = _MEMO.get(key)
    if memo is not None:
        return memo
    html = cache.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, {**full_context(snapshot), "ticked": _Everything(), "tick": _MARK})
        cache.set(key, html, timeout=None)
    codes = tuple(item.indicator.code for g in checklist(snapshot) for d in g.domains for item in d.items)
    parts = tuple(html.split(_MARK))
    if len(parts) != len(codes) + 1:  # a template that lost its marker: never serve wrong ticks
        raise RuntimeError(f"{TEMPLATE} must put {{{{ tick }}}} once in every box")
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = (parts, codes)
    return parts, codes


def checklist_html(*, framework: Framework, snapshot: FrameworkSnapshot, ticked: Collection[str]) -> SafeString:
    """Every box of the framework's checklist, those in `ticked` checked."""
    parts, codes = _pieces(framework, snapshot)
    out = [parts[0]]
    for code, part in zip(codes, parts[1:], strict=True):
        if code in ticked:
            out.append(CHECKED)
        out.append(part)
    return mark_safe("".join(out))  # noqa: S308 - the template's own autoescaped output, and a constant


def forget_memos() -> None:
    """Drop this process's memo (tests; see conftest.py)."""
    _MEMO.clear()
