"""The read-only food database: the shipped CSVs loaded into SQLite with an FTS5 index.

Built once per data version into ``<directory>/foods-<version>.sqlite`` (a temp file in the same
directory, then an atomic ``os.replace``, so concurrent first runs cannot corrupt it) and then
opened read-only. Unknown nutrient values are NULL, never 0.

``top()`` ranks foods by a nutrient. Rules worth knowing:

* ``per="serving"`` uses one typical serving per food, chosen at build time: the first published
  household portion that has a numeric amount, a positive weight and is not "Quantity not
  specified" or a "Guideline amount…". Foods without one (all CIQUAL foods) are left out.
* ``per="100kcal"`` leaves out foods under 5 kcal/100 g (water, tea, spices by the pinch would
  otherwise top the list by dividing by almost nothing); ``per="carb-g"`` leaves out foods under
  1 g carbohydrate/100 g for the same reason.
* Foods whose nutrient value is unknown are never ranked (not as 0); with ``max_carb_g`` foods of
  unknown carbohydrate are left out too.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from magnerve.domain.food_query import QueryTerm, fold, parse_query, prefixes
from magnerve.domain.foods import NUTRIENT_KEYS, Food, Portion
from magnerve.errors import InvalidInput
from magnerve.storage.fooddb_build import SCHEMA_VERSION, build, data_version

__all__ = ["FoodCandidate", "FoodDatabase", "TopFood", "data_version", "resolve_nutrient"]

PER_MODES: tuple[str, ...] = ("100g", "serving", "100kcal", "carb-g")
MIN_KCAL_PER_100G = 5.0
MIN_CARB_G_PER_100G = 1.0
TOP_LIMIT_MAX = 500
CANDIDATE_LIMIT_MAX = 1000
_STALE_TEMP_SECONDS = 3600


@dataclass(frozen=True)
class FoodCandidate:
    """A full-text hit. ``bm25`` is FTS5's score: negative, lower is better (0 for LIKE hits)."""

    id: str
    description: str
    category: str | None
    source: str
    magnesium_mg_per_100g: float | None
    bm25: float
    has_serving: bool


@dataclass(frozen=True)
class TopFood:
    """One row of "foods richest in <nutrient>": ``value`` is the nutrient ``per`` the mode."""

    id: str
    description: str
    source: str
    category: str | None
    magnesium_mg_per_100g: float | None
    nutrient: str
    value: float
    per: str
    serving_label: str | None
    serving_grams: float | None


def resolve_nutrient(nutrient: str) -> str:
    """A nutrient key from a key or its bare name ("magnesium" → "magnesium_mg")."""
    key = nutrient.strip().lower().replace("-", "_").replace(" ", "_")
    bare = {k.rsplit("_", 1)[0]: k for k in NUTRIENT_KEYS}
    if key in NUTRIENT_KEYS:
        return key
    if key in bare:
        return bare[key]
    raise InvalidInput(
        f"Unknown nutrient {nutrient!r}.",
        field="nutrient",
        hint="Use one of: " + ", ".join(NUTRIENT_KEYS) + " (or a bare name like 'magnesium').",
    )


def _check_limit(limit: int, most: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= most:
        raise InvalidInput(f"limit must be a whole number from 1 to {most}.", field="limit")


def _connect_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _is_current(path: Path, version: str) -> bool:
    if not path.is_file():
        return False
    try:
        conn = _connect_ro(path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return meta.get("schema_version") == SCHEMA_VERSION and meta.get("data_version") == version


def _remove_old(directory: Path, keep: Path) -> None:
    now = time.time()
    for old in directory.glob("foods-*.sqlite"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    for temp in directory.glob(".foods-*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                temp.unlink()


def _fts_term(term: QueryTerm) -> str:
    def token(stemmed: str) -> str:
        if stemmed.isdigit() or len(stemmed) < 2:
            return '"' + stemmed.replace('"', '""') + '"'
        return " OR ".join('"' + p.replace('"', '""') + '"*' for p in prefixes(stemmed))

    alternatives = [" AND ".join(f"({token(s)})" for s in alt) for alt in term.alternatives]
    return "(" + " OR ".join(f"({a})" for a in alternatives) + ")"


class FoodDatabase:
    """Read-only access to the built food database. Safe to share between threads."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self._conn = _connect_ro(path)
        self._lock = threading.Lock()
        self._vocabulary: tuple[str, ...] | None = None

    @classmethod
    def open_or_build(
        cls, directory: Path, *, progress: Callable[[int, int], None] | None = None
    ) -> FoodDatabase:
        """Open ``<directory>/foods-<version>.sqlite``, building it first if missing or stale.

        The build goes to a temp file in the same directory that is then atomically renamed,
        so concurrent first runs cannot corrupt it. ``progress(done, total)`` is called during a
        build. Files of other data versions in the directory are deleted.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        version = data_version()
        path = directory / f"foods-{version}.sqlite"
        if not _is_current(path, version):
            fd, temp_name = tempfile.mkstemp(
                prefix=f".foods-{version}-", suffix=".tmp", dir=directory
            )
            os.close(fd)
            temp = Path(temp_name)
            try:
                build(temp, version, progress)
                try:
                    temp.replace(path)
                except OSError:  # e.g. Windows: another process built it and has it open
                    if not _is_current(path, version):
                        raise
            finally:
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()
        _remove_old(directory, keep=path)
        return cls(path, version)

    @property
    def connection(self) -> sqlite3.Connection:
        """The read-only connection (for diagnostics; writes through it fail)."""
        return self._conn

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cursor = self._conn.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def get(self, food_id: str) -> Food | None:
        """One food with its portions, or None when the id is unknown."""
        return self.get_many([food_id]).get(food_id)

    def get_many(self, ids: Sequence[str]) -> dict[str, Food]:
        """Foods by id (unknown ids are simply absent from the result)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Food] = {}
        cols = ", ".join(NUTRIENT_KEYS)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._cursor() as cur:
                rows = cur.execute(
                    f"SELECT rowid, id, source, description, category, {cols} "
                    f"FROM food WHERE id IN ({marks})",
                    chunk,
                ).fetchall()
                portions: dict[int, list[Portion]] = {}
                for rowid, amount, unit_text, label, grams in cur.execute(
                    "SELECT food_rowid, amount, unit_text, label, grams FROM portion "
                    f"WHERE food_rowid IN ({','.join('?' * len(rows))}) "
                    "ORDER BY food_rowid, seq",
                    [r[0] for r in rows],
                ):
                    portions.setdefault(rowid, []).append(Portion(label, grams, amount, unit_text))
            for rowid, fid, source, description, category, *values in rows:
                found[fid] = Food(
                    id=fid,
                    source=source,
                    description=description,
                    category=category,
                    nutrients_per_100g=dict(zip(NUTRIENT_KEYS, values, strict=True)),
                    portions=tuple(portions.get(rowid, ())),
                )
        return found

    def _match(self, expression: str, limit: int, ids: Sequence[str] | None) -> list[FoodCandidate]:
        sql = (
            "SELECT f.id, f.description, f.category, f.source, f.magnesium_mg, rank, "
            "f.serving_grams IS NOT NULL FROM food_fts JOIN food f ON f.rowid = food_fts.rowid "
            "WHERE food_fts MATCH ?"
        )
        params: list[object] = [expression]
        if ids is not None:
            sql += f" AND f.id IN ({','.join('?' * len(ids))})"
            params += list(ids)
        with self._cursor() as cur:
            rows = cur.execute(sql + " ORDER BY rank LIMIT ?", [*params, limit]).fetchall()
        return [FoodCandidate(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def candidates(
        self, query: str, limit: int = 200, *, among: Sequence[str] | None = None
    ) -> list[FoodCandidate]:
        """Full-text candidates, best bm25 first: every query term (prefix, plural and
        diacritic tolerant), or — when no food has them all — any term. ``among`` restricts the
        search to those food ids (the first 500). Raises InvalidInput for a blank query."""
        if not query or not query.strip():
            raise InvalidInput("Type a food to search for.", field="query")
        _check_limit(limit, CANDIDATE_LIMIT_MAX)
        terms = parse_query(query)
        if not terms or (among is not None and not among):
            return []
        ids = list(dict.fromkeys(among))[:500] if among is not None else None
        parts = [_fts_term(t) for t in terms]
        found = self._match(" AND ".join(parts), limit, ids)
        if not found and len(parts) > 1:
            found = self._match(" OR ".join(parts), limit, ids)
        return found

    def like_search(self, query: str, limit: int = 10) -> list[FoodCandidate]:
        """Baseline for the benchmark: ``description LIKE '%query%'``, shortest first."""
        _check_limit(limit, CANDIDATE_LIMIT_MAX)
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT id, description, category, source, magnesium_mg, "
                "serving_grams IS NOT NULL FROM food WHERE description LIKE ? ESCAPE '\\' "
                "ORDER BY length(description), description LIMIT ?",
                (pattern, limit),
            ).fetchall()
        return [FoodCandidate(r[0], r[1], r[2], r[3], r[4], 0.0, bool(r[5])) for r in rows]

    def vocabulary(self) -> tuple[str, ...]:
        """Distinct folded description words (≥ 3 letters), sorted: for typo correction."""
        if self._vocabulary is None:
            with self._cursor() as cur:
                rows = cur.execute("SELECT word FROM vocabulary ORDER BY word").fetchall()
            self._vocabulary = tuple(r[0] for r in rows)
        return self._vocabulary

    def top(
        self,
        nutrient: str,
        *,
        per: str,
        max_carb_g: float | None,
        category: str | None,
        limit: int,
    ) -> list[TopFood]:
        """Foods richest in ``nutrient`` per 100 g, serving, 100 kcal or g carbohydrate.

        See the module docstring for what is left out and why.
        """
        key = resolve_nutrient(nutrient)
        if per not in PER_MODES:
            raise InvalidInput(
                f"Unknown basis {per!r}.", field="per", hint="Use one of: " + ", ".join(PER_MODES)
            )
        _check_limit(limit, TOP_LIMIT_MAX)
        if max_carb_g is not None and not max_carb_g >= 0:
            raise InvalidInput("max_carb_g must be 0 or more grams.", field="max_carb_g")
        value_sql = {
            "100g": key,
            "serving": f"{key} * serving_grams / 100.0",
            "100kcal": f"{key} / energy_kcal * 100.0",
            "carb-g": f"{key} / carbohydrate_g",
        }[per]
        where = [f"{key} IS NOT NULL"]
        params: list[object] = []
        if per == "serving":
            where.append("serving_grams IS NOT NULL")
        if per == "100kcal":
            where.append(f"energy_kcal >= {MIN_KCAL_PER_100G}")
        if per == "carb-g":
            where.append(f"carbohydrate_g >= {MIN_CARB_G_PER_100G}")
        if max_carb_g is not None:
            carb = (
                "carbohydrate_g * serving_grams / 100.0" if per == "serving" else "carbohydrate_g"
            )
            where.append(f"carbohydrate_g IS NOT NULL AND {carb} <= ?")
            params.append(float(max_carb_g))
        if category is not None and category.strip():
            where.append("instr(category_fold, ?) > 0")
            params.append(fold(category.strip()))
        sql = (
            f"SELECT id, description, source, category, magnesium_mg, {value_sql} AS value, "
            f"serving_label, serving_grams FROM food WHERE {' AND '.join(where)} "
            "ORDER BY value DESC, description, id LIMIT ?"
        )
        with self._cursor() as cur:
            rows = cur.execute(sql, [*params, limit]).fetchall()
        return [
            TopFood(r[0], r[1], r[2], r[3], r[4], key, float(r[5]), per, r[6], r[7]) for r in rows
        ]
