"""`python -m thresholds.fixture_lint [FILE ...]` (scripts/test.sh): runs thresholds.interchange.lint."""

import sys

from thresholds.interchange.lint import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
