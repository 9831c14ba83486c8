"""What typed text may contain: the one rule for every free-text field in the portal's forms.

Names and other one-line answers are what a lead searches for and reads aloud, so they refuse every hidden
character: control characters, bidirectional controls (a right-to-left override makes "Smith" display as
"htimS"), zero-width and other format characters, line separators and private-use or unassigned code points.
Long text keeps what writing needs: new lines and tabs, and the zero-width joiner and non-joiner (emoji,
and the spelling of Persian, Hindi and other scripts). It refuses NUL, the other control characters and the
bidirectional controls, and quietly removes the invisible characters that carry no meaning and arrive with
pasted text (zero-width space, word joiner, byte-order mark, soft hyphen): removing them changes nothing a
reader can see. Refusals say what is wrong, so the person can retype rather than paste.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

# Bidirectional controls: embeddings, overrides, isolates and the marks. Refused in every field.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible, meaningless in prose: removed from long text (refused in names, like every format character).
STRIPPED_FROM_LONG_TEXT = frozenset("\u200b\u2060\ufeff\u00ad")
# Needed by emoji sequences and by some scripts' spelling: kept in long text.
JOINERS = frozenset("\u200c\u200d")
LAYOUT = frozenset("\n\r\t")  # allowed in long text only
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def hidden_character(value: str, *, multiline: bool) -> str | None:
    """The first character `value` may not contain, or None. Long text (multiline) is judged after
    `strip_invisible`."""
    for character in value:
        if character in BIDI_CONTROLS:
            return character
        if multiline and (character in LAYOUT or character in JOINERS):
            continue
        if unicodedata.category(character) in HIDDEN_CATEGORIES:
            if multiline and unicodedata.category(character) in {"Cf", "Co", "Cn"}:
                continue  # format, private-use and newer characters in prose: harmless unless bidi (above)
            return character
    return None


def strip_invisible(value: str) -> str:
    """Long text without the invisible characters that carry no meaning."""
    return "".join(c for c in value if c not in STRIPPED_FROM_LONG_TEXT)


def hidden_character_message(label: str, *, multiline: bool) -> str:
    what = "a hidden character such as a control, right-to-left or zero-width character"
    if multiline:
        what = "a hidden control or right-to-left character"
    return f"“{label}” must not contain {what}: type it again rather than pasting it"


def guard_text(field: forms.CharField, label: str) -> None:
    """Apply the rule to one form field: long text (a textarea) is stripped, then checked; a one-line answer
    is checked as typed."""
    multiline = isinstance(field.widget, forms.Textarea)
    message = hidden_character_message(label, multiline=multiline)

    def refuse_hidden(value: str) -> None:
        if isinstance(value, str) and hidden_character(value, multiline=multiline) is not None:
            raise forms.ValidationError(message, code="hidden_character")

    if getattr(field, "_guarded", False):
        return
    if multiline:
        to_python: Callable[[object], object] = field.to_python

        def stripped(value: object) -> object:
            cleaned = to_python(value)
            return strip_invisible(cleaned) if isinstance(cleaned, str) else cleaned

        field.to_python = stripped  # type: ignore[method-assign,assignment]  # wrapping the field's own method
    # NUL is a control character: one clear message instead of Django's own as well.
    kept = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    field.validators = [refuse_hidden, *kept]
    field._guarded = True  # type: ignore[attr-defined]
