"""CLI start-up: `magnerve --version` and `magnerve today` vs `python -c "import sqlite3"`.

Report only. Runs each command N times in fresh processes and prints medians and ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 20


def run(cmd: list[str], env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the page cache
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    magnerve = str(Path(sys.executable).with_name("magnerve"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            MAGNERVE_DATABASE_URL=str(Path(tmp) / "db.sqlite3"),
            MAGNERVE_FOOD_DB_DIR=tmp,
        )
        base = statistics.median(run([sys.executable, "-c", "import sqlite3"], env))
        rows = [
            ('`python -c "import sqlite3"` (baseline)', base),
            ("`magnerve --version`", statistics.median(run([magnerve, "--version"], env))),
            ("`magnerve today`", statistics.median(run([magnerve, "today"], env))),
            ("`magnerve today --json`", statistics.median(run([magnerve, "today", "--json"], env))),
        ]
    print(f"### CLI start-up (median of {RUNS} fresh processes)\n")
    print("| command | median ms | × baseline |\n|---|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.0f} | {ms / base:.1f} |")
    print()


if __name__ == "__main__":
    main()
