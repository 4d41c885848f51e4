"""Copy the shared food composition files into the package, keeping only the sources we may ship.

IFCT 2017 is dropped: its numbers are (c) ICMR-NIN with no open licence. The output is
deterministic (gzip mtime 0), so re-running it on the same input changes nothing.

    python scripts/vendor_food_data.py ../shared/data src/magnerve/knowledge/foods
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

SHIPPED_SOURCES = ("usda_sr28", "usda_fndds", "ciqual_2020")


def filter_csv(src: Path, dst: Path) -> int:
    with gzip.open(src, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [row for row in reader if row[0] in SHIPPED_SOURCES]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with dst.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return len(rows)


def main(argv: list[str]) -> None:
    src_dir, dst_dir = Path(argv[1]), Path(argv[2])
    dst_dir.mkdir(parents=True, exist_ok=True)
    for name in ("foods.csv.gz", "portions.csv.gz"):
        n = filter_csv(src_dir / name, dst_dir / name)
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main(sys.argv)
