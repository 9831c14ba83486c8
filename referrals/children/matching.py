"""Is this the same child? Pure rules (no ORM) over names, dates of birth and identifiers.

docs/decisions/0012-child-matching.md gives the reasons. In short:

- an NHS number or a UPN both records carry and that differ: never the same child (twins are told apart);
- an equal NHS number or UPN: the same child, CONFIRMED with no one asked;
- otherwise the date of birth must be equal (or the day and month swapped), the surname equal (case, spacing,
  hyphens, apostrophes and accents ignored) or one letter out, and the first name equal, a known short form
  (NICKNAMES) or its initial. At most one of "swapped date", "surname one letter out" and "initial only":
  that is POSSIBLE, never CONFIRMED: a lead decides (a name and a date of birth are shared by strangers).
- twins (same surname and date of birth, different first names): no match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Short forms and the full names they stand for: kept short on purpose (the common English ones); a name not here
# must be written the same way to match. A short form may stand for several names ("alex").
NICKNAMES: dict[str, tuple[str, ...]] = {
    "bill": ("william",),
    "billy": ("william",),
    "will": ("william",),
    "liam": ("william",),
    "liz": ("elizabeth",),
    "lizzie": ("elizabeth",),
    "beth": ("elizabeth", "bethany"),
    "betty": ("elizabeth",),
    "libby": ("elizabeth",),
    "jack": ("john",),
    "johnny": ("john",),
    "jon": ("john", "jonathan"),
    "bob": ("robert",),
    "rob": ("robert",),
    "robbie": ("robert",),
    "jim": ("james",),
    "jimmy": ("james",),
    "jamie": ("james",),
    "tom": ("thomas",),
    "tommy": ("thomas",),
    "kate": ("katherine", "catherine"),
    "katie": ("katherine", "catherine"),
    "cathy": ("catherine",),
    "alex": ("alexander", "alexandra"),
    "mike": ("michael",),
    "mick": ("michael",),
    "dan": ("daniel",),
    "danny": ("daniel",),
    "joe": ("joseph",),
    "sam": ("samuel", "samantha"),
    "ben": ("benjamin",),
    "charlie": ("charles", "charlotte"),
    "chris": ("christopher", "christine"),
    "matt": ("matthew",),
    "nick": ("nicholas",),
    "tony": ("anthony",),
    "becky": ("rebecca",),
    "jess": ("jessica",),
    "maggie": ("margaret",),
    "peggy": ("margaret",),
    "ed": ("edward",),
    "eddie": ("edward",),
    "ted": ("edward",),
    "abby": ("abigail",),
    "izzy": ("isabella", "isabel"),
}


class Match(StrEnum):
    NONE = "none"
    POSSIBLE = "possible"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Child:
    """What two records are compared on."""

    name: str
    date_of_birth: date | None
    nhs_number: str = ""
    upn: str = ""


@dataclass(frozen=True)
class Verdict:
    match: Match
    reason: str = ""  # for the lead, in words: why the records were linked

    def __bool__(self) -> bool:
        return self.match != Match.NONE


NO = Verdict(Match.NONE)


def normalise(text: str) -> str:
    """Lower case, accents dropped, hyphens and apostrophes joined, any spacing one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[-‐‑–'’`.]", "", plain)
    return " ".join(re.sub(r"[^\w ]", " ", plain).split())


def name_parts(name: str) -> tuple[str, str]:
    """(first name, surname): the first and the last word of the normalised name ("" if missing)."""
    words = normalise(name).split()
    if len(words) < 2:
        return (words[0] if words else "", "")
    return words[0], words[-1]


def surname_key(name: str) -> str:
    """What the database pre-filters on (stored on the assessment): the normalised surname."""
    return name_parts(name)[1]


def _full_names(first: str) -> set[str]:
    return {first, *NICKNAMES.get(first, ())}


def one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped (and not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        i, j = diffs
        return a[i] == b[j] and a[j] == b[i]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _surnames(a: str, b: str) -> str | None:
    """ "same", "typo", or None. A double-barrelled surname written with a space still agrees."""
    words_a, words_b = normalise(a).split()[1:], normalise(b).split()[1:]
    if not words_a or not words_b:
        return None
    keys_a = {words_a[-1], "".join(words_a[-2:])}
    keys_b = {words_b[-1], "".join(words_b[-2:])}
    if keys_a & keys_b:
        return "same"
    if len(words_a[-1]) >= 4 and one_edit_apart(words_a[-1], words_b[-1]):  # "Li"/"Le" are different families
        return "typo"
    return None


def _first_names(a: str, b: str) -> str | None:
    """ "same", "nickname", "initial", or None."""
    if not a or not b:
        return None
    if a == b:
        return "same"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    return "nickname" if _full_names(a) & _full_names(b) else None


def _dates(a: date, b: date) -> str | None:
    if a == b:
        return "same"
    if (a.day, a.month) == (b.month, b.day) and a.year == b.year:
        return "swapped"
    return None


def _is_temporary_upn(upn: str) -> bool:
    return bool(upn) and upn[-1].isalpha()


def same_child(a: Child, b: Child) -> Verdict:
    """Whether `a` and `b` are about the same child: CONFIRMED, POSSIBLE (a lead decides) or NONE."""
    if a.nhs_number and b.nhs_number:
        if a.nhs_number != b.nhs_number:
            return NO
        return Verdict(Match.CONFIRMED, "The same NHS number")
    if a.upn and b.upn:
        if a.upn == b.upn:
            return Verdict(Match.CONFIRMED, "The same unique pupil number")
        if not (_is_temporary_upn(a.upn) or _is_temporary_upn(b.upn)):
            return NO
    if a.date_of_birth is None or b.date_of_birth is None:
        return NO
    born = _dates(a.date_of_birth, b.date_of_birth)
    first_a, _ = name_parts(a.name)
    first_b, _ = name_parts(b.name)
    first = _first_names(first_a, first_b)
    surname = _surnames(a.name, b.name)
    if born is None or first is None or surname is None:
        return NO
    doubts = [
        words
        for doubt, words in (
            (born == "swapped", "the day and month of birth swapped"),
            (surname == "typo", "the surname one letter different"),
            (first == "initial", "an initial for the first name"),
        )
        if doubt
    ]
    if len(doubts) > 1:
        return NO
    if doubts:
        return Verdict(Match.POSSIBLE, f"The same name and date of birth but for {doubts[0]}")
    if first == "nickname":
        return Verdict(Match.POSSIBLE, "The same surname and date of birth; the first name is a short form")
    return Verdict(Match.POSSIBLE, "The same name and date of birth")
