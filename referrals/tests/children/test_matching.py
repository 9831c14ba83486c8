"""The matching table (issue 17): pairs that must and must not be found the same child, and the figures.

`python scripts/child_matching_figures.py` prints the same figures for the README.
"""

from __future__ import annotations

from datetime import date

import pytest

from referrals.children.identifiers import nhs_number_is_valid, normalise_nhs_number, upn_is_valid
from referrals.children.matching import Child, Match, normalise, one_edit_apart, same_child, surname_key

D = date(2016, 4, 9)
SWAPPED = date(2016, 9, 4)
P, C = Match.POSSIBLE, Match.CONFIRMED

# (what it shows, first record, second record, expected)
MUST_MATCH = [
    ("same name and date", Child("Amelia Hart", D), Child("Amelia Hart", D), P),
    ("case and spacing", Child("amelia  HART ", D), Child("Amelia Hart", D), P),
    ("hyphen", Child("Amelia Hart-Jones", D), Child("Amelia HartJones", D), P),
    ("hyphen as a space", Child("Amelia Hart-Jones", D), Child("Amelia Hart Jones", D), P),
    ("apostrophe", Child("Sean O'Brien", D), Child("Sean OBrien", D), P),
    ("curly apostrophe", Child("Sean O’Brien", D), Child("Sean O'Brien", D), P),
    ("diacritics", Child("Zoë Brontë", D), Child("Zoe Bronte", D), P),
    ("middle name", Child("Amelia Rose Hart", D), Child("Amelia Hart", D), P),
    ("nickname Bill", Child("Bill Turner", D), Child("William Turner", D), P),
    ("nickname Liz", Child("Liz Okafor", D), Child("Elizabeth Okafor", D), P),
    ("nickname Jack", Child("Jack Dawson", D), Child("John Dawson", D), P),
    ("two nicknames of one name", Child("Billy Turner", D), Child("Will Turner", D), P),
    ("initial", Child("J Dawson", D), Child("John Dawson", D), P),
    ("initial with a full stop", Child("J. Dawson", D), Child("Jack Dawson", D), P),
    ("swapped day and month", Child("Amelia Hart", D), Child("Amelia Hart", SWAPPED), P),
    ("surname typo", Child("Amelia Harrison", D), Child("Amelia Harrisen", D), P),
    ("surname letters swapped", Child("Amelia Hartley", D), Child("Amelia Hartely", D), P),
    ("surname one letter dropped", Child("Amelia Thompson", D), Child("Amelia Thomson", D), P),
    ("same NHS number", Child("Amelia Hart", D, nhs_number="9434765919"), Child("Amy Smith", None, "9434765919"), C),
    ("same UPN", Child("Amelia Hart", D, upn="B801200005001"), Child("Amelia Hart", SWAPPED, upn="B801200005001"), C),
    ("NHS number on one only", Child("Amelia Hart", D, nhs_number="9434765919"), Child("Amelia Hart", D), P),
]
MUST_NOT_MATCH = [
    ("twins", Child("Amelia Hart", D), Child("Olivia Hart", D)),
    ("twins with an initial", Child("A Hart", D), Child("Olivia Hart", D)),
    ("twins, close names", Child("Ava Hart", D), Child("Eva Hart", D)),
    ("shared name, other date", Child("Oliver Smith", D), Child("Oliver Smith", date(2016, 4, 10))),
    ("shared name, other year", Child("Oliver Smith", D), Child("Oliver Smith", date(2017, 4, 9))),
    ("other surname", Child("Oliver Smith", D), Child("Oliver Jones", D)),
    ("short surnames a letter apart", Child("Wei Li", D), Child("Wei Le", D)),
    ("different NHS numbers", Child("Amelia Hart", D, "9434765919"), Child("Amelia Hart", D, "4857773457")),
    ("different UPNs", Child("Amelia Hart", D, upn="B801200005001"), Child("Amelia Hart", D, upn="H801200001001")),
    ("two doubts: typo and swapped", Child("Amelia Harrison", D), Child("Amelia Harrisen", SWAPPED)),
    ("two doubts: initial and typo", Child("A Harrison", D), Child("Amelia Harrisen", D)),
    ("no date of birth", Child("Amelia Hart", None), Child("Amelia Hart", None)),
    ("no surname", Child("Amelia", D), Child("Amelia", D)),
    ("unrelated nickname", Child("Bill Turner", D), Child("Robert Turner", D)),
    ("first name typo is not enough", Child("Jayden Cole", D), Child("Jaden Cole", D)),
]


def figures() -> dict[str, int]:
    """Pairs that should match and were found; pairs that should not and were linked (false links)."""
    found = sum(same_child(a, b).match == want and same_child(b, a).match == want for _, a, b, want in MUST_MATCH)
    false_links = sum(bool(same_child(a, b)) or bool(same_child(b, a)) for _, a, b in MUST_NOT_MATCH)
    return {
        "pairs that must match": len(MUST_MATCH),
        "found": found,
        "pairs that must not match": len(MUST_NOT_MATCH),
        "false links": false_links,
    }


@pytest.mark.parametrize(("what", "a", "b", "want"), MUST_MATCH, ids=[row[0] for row in MUST_MATCH])
def test_pairs_that_must_match(what, a, b, want):
    assert same_child(a, b).match == want
    assert same_child(b, a).match == want  # the order does not matter


@pytest.mark.parametrize(("what", "a", "b"), MUST_NOT_MATCH, ids=[row[0] for row in MUST_NOT_MATCH])
def test_pairs_that_must_not_match(what, a, b):
    assert same_child(a, b).match == Match.NONE
    assert same_child(b, a).match == Match.NONE


def test_the_figures(capsys):
    result = figures()
    with capsys.disabled():
        print("\nchild matching:", result)
    assert result["found"] == result["pairs that must match"] == 21
    assert result["false links"] == 0


def test_only_an_identifier_confirms():
    confirmed = [row for row in MUST_MATCH if row[3] == C]
    assert all(a.nhs_number or a.upn for _, a, _, _ in confirmed)


def test_normalising():
    assert normalise("  Zoë  O’Brien-Smith ") == "zoe obriensmith"
    assert surname_key("Amelia Rose Hart-Jones") == "hartjones"
    assert surname_key("Amelia") == ""
    assert one_edit_apart("harrison", "harrisen") and one_edit_apart("thompson", "thomson")
    assert not one_edit_apart("smith", "smith") and not one_edit_apart("smith", "jones")


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("4857773457", True), ("4857773456", False), ("943476591", False), ("abcdefghij", False)],
)
def test_nhs_number_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid


def test_nhs_number_whose_check_works_out_at_ten_is_never_valid():
    # 000000006x: 6 x 2 = 12, 12 % 11 = 1, 11 - 1 = 10: no last digit makes it valid
    assert not any(nhs_number_is_valid(f"000000006{d}") for d in range(10))
    assert normalise_nhs_number("943 476-5919") == "9434765919"


@pytest.mark.parametrize(
    ("upn", "valid"),
    [("B801200005001", True), ("A801200005001", False), ("B80120000500", False), ("I801200005001", False)],
)
def test_upn_check_letter(upn, valid):
    assert upn_is_valid(upn) is valid
