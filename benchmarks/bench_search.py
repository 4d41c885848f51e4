"""Food search: speed (full pipeline vs a plain LIKE query) and top-1 relevance.

Run: ``.venv/bin/python benchmarks/bench_search.py [--db-dir DIR]``. Reports only; never fails on
time. Relevance is measured on ``search_queries.yaml`` (beside this file): the top hit's
description must match one of the query's accepted patterns.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from magnerve.services.foods import FoodService
from magnerve.storage.fooddb import FoodDatabase

HERE = Path(__file__).resolve().parent


Case = tuple[str, list[re.Pattern[str]]]


def load_cases() -> tuple[list[Case], list[Case]]:
    """The relevance cases (query, accepted description patterns): tuned-on and held-out."""
    raw = yaml.safe_load((HERE / "search_queries.yaml").read_text(encoding="utf-8"))
    tuned: list[Case] = []
    heldout: list[Case] = []
    for c in raw:
        case = (c["q"], [re.compile(p, re.IGNORECASE) for p in c["accept"]])
        (heldout if c.get("heldout") else tuned).append(case)
    return tuned, heldout


def timing_queries(cases: Sequence[tuple[str, object]]) -> list[str]:
    """Every relevance query plus what is typed on the way (search-as-you-type prefixes)."""
    queries: list[str] = []
    for q, _ in cases:
        queries.append(q)
        for n in (3, 5):
            if len(q) > n:
                queries.append(q[:n])
    return queries


def percentiles(samples_ms: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return statistics.median(samples_ms), cuts[94]


def time_pass(fn: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Milliseconds per call, one pass."""
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def relevance(search: Callable[[str], list[str]], cases: Sequence[Case]) -> tuple[int, list[str]]:
    """How many top-1 hits are acceptable, and a line per failure."""
    good, failures = 0, []
    for q, accept in cases:
        top = search(q)
        if top and any(p.search(top[0]) for p in accept):
            good += 1
        else:
            failures.append(f"  {q!r:28} → {top[0] if top else '(nothing)'}")
    return good, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db-dir", type=Path, help="where to build/open the food DB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.db_dir or Path(tmp)
        start = time.perf_counter()
        db = FoodDatabase.open_or_build(directory)
        open_s = time.perf_counter() - start
        service = FoodService(db)
        tuned, heldout = load_cases()
        queries = timing_queries(tuned + heldout)

        cold = time_pass(lambda q: service.search(q, limit=10), queries)  # fresh process caches
        full = time_pass(lambda q: service.search(q, limit=10), queries)
        time_pass(lambda q: db.candidates(q, 200), queries)
        fts = time_pass(lambda q: db.candidates(q, 200), queries)
        time_pass(lambda q: db.like_search(q, 10), queries)
        like = time_pass(lambda q: db.like_search(q, 10), queries)

        def top_full(q: str) -> list[str]:
            return [h.description for h in service.search(q, limit=1)]

        def top_like(q: str) -> list[str]:
            return [h.description for h in db.like_search(q, 1)]

        results = {
            name: (relevance(top_full, cases), relevance(top_like, cases)[0], len(cases))
            for name, cases in (("tuned-on", tuned), ("held-out", heldout))
        }
        db.close()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"food DB open/build: {open_s:.2f} s ({db.path.name})")
    print(f"timing: {len(queries)} queries (each relevance query and its 3/5-letter prefixes)")
    rows = [
        ("FoodService.search, first pass (cold)", cold),
        ("FoodService.search (full pipeline)", full),
        ("  of which FTS5 candidates (200)", fts),
        ("LIKE '%q%' baseline (10)", like),
    ]
    for name, samples in rows:
        p50, p95 = percentiles(samples)
        print(f"  {name:38} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    full50, full95 = percentiles(full)
    like50, like95 = percentiles(like)
    print(f"  ratio full/LIKE: p50 {full50 / like50:.1f}x, p95 {full95 / like95:.1f}x")
    for name, ((good, failures), like_good, n) in results.items():
        print(
            f"top-1 relevance, {name} set: {good}/{n} = {100 * good / n:.1f}%  "
            f"(LIKE baseline: {like_good}/{n} = {100 * like_good / n:.1f}%)"
        )
        for line in failures:
            print(line)


if __name__ == "__main__":
    main()
