"""A child's optional identifiers, checked by their own check characters (pure: no ORM).

- NHS number: 10 digits; the tenth is a modulus 11 check digit over the first nine (weights 10 down to 2;
  11 minus the remainder, 11 meaning 0, 10 meaning the number is not valid).
- UPN (the school's unique pupil number): 13 characters; the first is a check letter over the other twelve
  (weights 2 to 13, the sum modulo 23 picks a letter of CHECK_LETTERS); the last may be a letter in a
  temporary UPN, counted by its place in CHECK_LETTERS.
"""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
NHS_NUMBER_PROBLEM = "Enter a real NHS number, like 943 476 5919"
UPN_PROBLEM = "Enter a real unique pupil number (UPN), like B801200005001"


def normalise_nhs_number(text: str) -> str:
    """The number without the spaces or hyphens people type in it (what is stored)."""
    return re.sub(r"[\s-]", "", text or "")


def nhs_number_is_valid(number: str) -> bool:
    if not re.fullmatch(r"[0-9]{10}", number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:
        return False
    return (0 if check == 11 else check) == int(number[9])


def normalise_upn(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


def upn_check_letter(body: str) -> str:
    """The check letter for a UPN's last 12 characters (11 digits, then a digit or a letter)."""
    values = [int(c) if c.isdigit() else CHECK_LETTERS.index(c) for c in body]
    return CHECK_LETTERS[sum(value * weight for value, weight in zip(values, range(2, 14), strict=True)) % 23]


def upn_is_valid(upn: str) -> bool:
    if not re.fullmatch(rf"[{CHECK_LETTERS}][0-9]{{11}}[0-9{CHECK_LETTERS}]", upn):
        return False
    return upn[0] == upn_check_letter(upn[1:])
