"""Phone numbers as the documents print them, and the numbers a phone can dial from them.

A printed number can hold alternatives: Sefton's MASH prints "0151 934 4013/ 4481", meaning
0151 934 4013 or 0151 934 4481. Stripping everything but digits would dial 015193440134481, which
reaches nobody. Each alternative becomes its own number: a short one shares the leading digits of
the full number before it. Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where one printed number ends and an alternative begins: "/" or the word "or".
_ALTERNATIVE = re.compile(r"(\s*/\s*|\s+or\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """A piece of the printed text; `dial` is the number a tel: link dials, None for a separator."""

    text: str
    dial: str | None


def digits(text: str) -> str:
    """The digits (and a leading +) a phone dials for one number as printed."""
    cleaned = re.sub(r"[^0-9+]", "", text)
    return cleaned[:1] + cleaned[1:].replace("+", "")


def dialable_parts(printed: str) -> list[Part]:
    """The printed text split into numbers, each with what it dials, and the separators between them.

    "0151 934 4013/ 4481" -> "0151 934 4013" (01519344013), "/ ", "4481" (01519344481).
    A part with no digits is kept as text with nothing to dial.
    """
    parts: list[Part] = []
    full = ""
    for index, piece in enumerate(_ALTERNATIVE.split(printed)):
        if not piece:
            continue
        if index % 2:  # a separator
            parts.append(Part(piece, None))
            continue
        number = digits(piece)
        if not number:
            parts.append(Part(piece, None))
            continue
        if full and len(number) < len(full) and not number.startswith(("0", "+")):
            number = full[: len(full) - len(number)] + number  # "4481" after "0151 934 4013"
        else:
            full = number
        parts.append(Part(piece, number))
    return parts


def dialable_numbers(printed: str) -> list[str]:
    """Every number a printed phone entry offers, as dialled."""
    return [part.dial for part in dialable_parts(printed) if part.dial]
