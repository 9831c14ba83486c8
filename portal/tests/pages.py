"""Reading rendered pages in tests: the GOV.UK error summary, and text with its whitespace squashed."""

from __future__ import annotations

import re


def squash(text: str) -> str:
    return " ".join(text.split())


def error_summary(page: str) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<li><a href="#[^"]+">([^<]+)</a></li>', summary.group(0))
