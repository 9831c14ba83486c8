"""Print the child-matching figures for the README: pairs that must match found, false links among those that must not.

.venv/bin/python scripts/child_matching_figures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from referrals.tests.children.test_matching import MUST_MATCH, MUST_NOT_MATCH, figures  # noqa: E402

if __name__ == "__main__":
    for what, count in figures().items():
        print(f"{what}: {count}")
    print("must match:", ", ".join(row[0] for row in MUST_MATCH))
    print("must not match:", ", ".join(row[0] for row in MUST_NOT_MATCH))
