"""Benchmark: how long one suggestion takes, per framework, for 1, 5 and 20 ticked indicators.

    .venv/bin/python scripts/bench_suggest.py

Pure engine time (snapshot already built), median of many runs; not a test, a measurement.
"""

import json
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thresholds.engine import LONDON, Context, suggest  # noqa: E402
from thresholds.snapshot import snapshot_from_fixture  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RUNS = 2000


def main() -> None:
    rng = random.Random(7)
    context_at = datetime(2026, 11, 28, 11, 0, tzinfo=LONDON)  # a Saturday: out-of-hours path
    print(f"{'framework':22} {'ticked':>6} {'median µs':>10} {'p95 µs':>8}")
    for path in sorted(FIXTURES.glob("*.json")):
        snapshot = snapshot_from_fixture(json.loads(path.read_text(encoding="utf-8")))
        codes = list(snapshot.indicators)
        area = next(iter(snapshot.areas))
        for n in (1, 5, 20):
            samples = []
            for _ in range(RUNS):
                ticked = rng.sample(codes, n)
                start = time.perf_counter()
                suggest(snapshot, ticked, Context(area=area, at=context_at))
                samples.append((time.perf_counter() - start) * 1e6)
            samples.sort()
            p95 = samples[int(len(samples) * 0.95)]
            print(f"{path.stem:22} {n:>6} {statistics.median(samples):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
