"""Building the food database from the shipped CSVs (see ``storage/fooddb.py`` for its use).

One SQLite file: table ``food`` (one row per food, nutrients per 100 g as REAL, NULL when the
source gives no value, plus the typical serving chosen here), ``portion`` (household measures),
``vocabulary`` (distinct description words, for typo correction), ``meta`` (schema and data
version) and the FTS5 index ``food_fts`` over description and category.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from magnerve.domain.food_query import fold, words
from magnerve.domain.foods import NUTRIENT_KEYS

#: Bump when the table layout or build rules change: files of an older schema are rebuilt.
SCHEMA_VERSION = "2"
_DATA_FILES = ("foods.csv.gz", "portions.csv.gz")
_NOT_A_SERVING = ("quantity not specified", "guideline amount")
#: "3 oz", "1 oz (23 whole kernels)" — but not "1 fl oz".
_OUNCE_PORTION = re.compile(r"^\d+(\.\d+)?\s*oz\b")


def _serving_rank(row: dict[str, str]) -> tuple[int, int]:
    """Which published portion stands for "a typical serving" (lower is better).

    A product rule, not a clinical value: the USDA's NLEA serving where one is published; else an
    ounce-based portion (nuts, seeds, cheese, chocolate, fish and meat are served by the ounce,
    while their first portion is often a 140 g cup or a 1 g single nut); else the first portion.
    """
    label = row["label"].strip().lower()
    if "nlea serving" in label:
        priority = 0
    elif _OUNCE_PORTION.match(label):
        priority = 1
    else:
        priority = 2
    return priority, int(row["seq"])


@lru_cache(maxsize=1)
def data_version() -> str:
    """Stable key of the shipped food data: first 12 hex chars of sha256 over both CSV files."""
    digest = hashlib.sha256()
    for name in _DATA_FILES:
        digest.update(_data_file(name).read_bytes())
    return digest.hexdigest()[:12]


def _data_file(name: str) -> resources.abc.Traversable:
    return resources.files("magnerve.knowledge").joinpath("foods", name)


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _read_csv(name: str) -> list[dict[str, str]]:
    raw = gzip.decompress(_data_file(name).read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw, newline="")))


_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE food (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT,
    category_fold TEXT NOT NULL,
    {", ".join(f"{k} REAL" for k in NUTRIENT_KEYS)},
    serving_label TEXT,
    serving_grams REAL
);
CREATE TABLE portion (
    food_rowid INTEGER NOT NULL REFERENCES food(rowid),
    seq INTEGER NOT NULL,
    amount REAL,
    unit_text TEXT NOT NULL,
    label TEXT NOT NULL,
    grams REAL NOT NULL,
    PRIMARY KEY (food_rowid, seq)
) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE food_fts USING fts5(
    description, category, content='food', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
);
INSERT INTO food_fts(food_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
"""


def _is_serving(row: dict[str, str]) -> bool:
    label = row["label"].strip().lower()
    return (
        bool(row["amount"].strip())
        and float(row["gram_weight"] or 0) > 0
        and not label.startswith(_NOT_A_SERVING)
    )


def build(path: Path, version: str, progress: Callable[[int, int], None] | None = None) -> None:
    """Build the food database into ``path`` (a new, empty file); ``progress(done, total)``."""
    foods = _read_csv("foods.csv.gz")
    portions = _read_csv("portions.csv.gz")
    total, done = len(foods) + len(portions) + 1, 0
    servings: dict[str, tuple[tuple[int, int], dict[str, str]]] = {}
    for row in portions:
        fid, rank = f"{row['source']}:{row['source_id']}", _serving_rank(row)
        if _is_serving(row) and (fid not in servings or rank < servings[fid][0]):
            servings[fid] = (rank, row)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;" + _SCHEMA)
        rowids: dict[str, int] = {}
        vocabulary: Counter[str] = Counter()
        marks = ",".join("?" * (len(NUTRIENT_KEYS) + 8))
        for rowid, row in enumerate(foods, start=1):
            fid = f"{row['source']}:{row['source_id']}"
            rowids[fid] = rowid
            serving = servings.get(fid, ((0, 0), None))[1]
            conn.execute(
                f"INSERT INTO food VALUES ({marks})",
                (
                    rowid,
                    fid,
                    row["source"],
                    row["description"],
                    row["category"] or None,
                    fold(row["category"]),
                    *(_float(row[k]) for k in NUTRIENT_KEYS),
                    serving["label"] if serving else None,
                    float(serving["gram_weight"]) if serving else None,
                ),
            )
            vocabulary.update(set(words(row["description"])))
            done += 1
            if progress and done % 2000 == 0:
                progress(done, total)
        conn.executemany(
            "INSERT INTO portion VALUES (?,?,?,?,?,?)",
            (
                (
                    rowids[f"{r['source']}:{r['source_id']}"],
                    int(r["seq"]),
                    _float(r["amount"]),
                    r["description"],
                    r["label"],
                    float(r["gram_weight"]),
                )
                for r in portions
                # FNDDS lists portions for "Milk, human" (11000000), which has no nutrient row.
                if f"{r['source']}:{r['source_id']}" in rowids
            ),
        )
        done += len(portions)
        if progress:
            progress(done, total)
        conn.executemany(
            "INSERT INTO vocabulary VALUES (?, ?)",
            ((w, n) for w, n in vocabulary.items() if len(w) >= 3 and not w.isdigit()),
        )
        conn.execute("INSERT INTO food_fts(food_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO food_fts(food_fts) VALUES ('optimize')")
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema_version", SCHEMA_VERSION), ("data_version", version)],
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    if progress:
        progress(total, total)
