"""Food use cases: search, match free text to one food, show a food, foods richest in a nutrient.

The pipeline of a search: FTS5 candidates from the food database (every word, else any word) →
typo correction when a word is in no description (``brocoli`` → ``broccoli``) → the person's
recent foods that match are added → :func:`magnerve.domain.food_search.rank` orders them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from magnerve.domain import food_query, food_search
from magnerve.domain.food_search import Match, ScoredFood
from magnerve.domain.foods import Food
from magnerve.errors import InvalidInput, NotFound
from magnerve.storage.fooddb import FoodCandidate, FoodDatabase, TopFood

__all__ = ["FoodService", "Match", "SearchHit"]

SEARCH_LIMIT_MAX = 100
#: How many full-text candidates the re-ranker sees.
CANDIDATE_POOL = 200
MATCH_CANDIDATES = 5
_FOOD_ID = re.compile(r"^[a-z0-9_]+:[A-Za-z0-9]+$")
_ID_HINT = "Food ids look like usda_sr28:11457 (source:code); search by name to find one."


@dataclass(frozen=True)
class SearchHit:
    """One search result. ``score`` is the ranking score (higher is better; compare within one
    result list only)."""

    id: str
    description: str
    source: str
    category: str | None
    magnesium_mg_per_100g: float | None
    score: float


def _hit(s: ScoredFood) -> SearchHit:
    return SearchHit(s.id, s.description, s.source, s.category, s.magnesium_mg_per_100g, s.score)


class FoodService:
    """Read-only food use cases over one :class:`FoodDatabase`."""

    def __init__(self, food_db: FoodDatabase) -> None:
        self._db = food_db

    @property
    def data_version(self) -> str:
        """The version of the food data (stored with each intake entry)."""
        return self._db.version

    def _ranked(
        self, query: str, recent_food_ids: Sequence[str]
    ) -> tuple[list[ScoredFood], str | None]:
        """Ranked foods, and the typo-corrected query when one was used."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInput("Type a food to search for.", field="query")
        pool: list[FoodCandidate] = self._db.candidates(query, CANDIDATE_POOL)
        corrected = food_query.correct_words(query, self._db.vocabulary())
        if corrected is not None:
            query = corrected
            pool = self._db.candidates(query, CANDIDATE_POOL) + pool
        if recent_food_ids:
            pool = self._db.candidates(query, CANDIDATE_POOL, among=recent_food_ids) + pool
        return food_search.rank(query, pool, recent_food_ids=recent_food_ids), corrected

    def search(
        self, query: str, *, limit: int = 10, recent_food_ids: Sequence[str] = ()
    ) -> list[SearchHit]:
        """Foods matching ``query``, best first (typo tolerant; recent foods first)."""
        whole = isinstance(limit, int) and not isinstance(limit, bool)
        if not whole or not 1 <= limit <= SEARCH_LIMIT_MAX:
            raise InvalidInput(
                f"limit must be a whole number from 1 to {SEARCH_LIMIT_MAX}.", field="limit"
            )
        return [_hit(s) for s in self._ranked(query, recent_food_ids)[0][:limit]]

    def match(self, query: str, *, recent_food_ids: Sequence[str] = ()) -> Match[SearchHit]:
        """The one food free text means ("cooked spinach"), or doubtful with a reason.

        ``candidates`` holds the top five either way, for the person to choose from.
        """
        ranked, corrected = self._ranked(query, recent_food_ids)
        verdict = food_search.judge(corrected or query, ranked, top=MATCH_CANDIDATES)
        doubtful, reason = verdict.doubtful, verdict.reason
        if corrected is not None and verdict.best is not None:
            # A spelling guess is never logged silently.
            doubtful, reason = True, f"searched for {corrected!r} instead of {query.strip()!r}"
        return Match(
            best=_hit(verdict.best) if verdict.best is not None else None,
            candidates=tuple(_hit(c) for c in verdict.candidates),
            doubtful=doubtful,
            reason=reason,
        )

    def show(self, food_id: str) -> Food:
        """One food with nutrients and portions; NotFound for unknown or malformed ids."""
        food = self._db.get(food_id) if _FOOD_ID.match(food_id or "") else None
        if food is None:
            raise NotFound(f"No food with id {food_id!r}.", field="food", hint=_ID_HINT)
        return food

    def top(
        self,
        nutrient: str = "magnesium_mg",
        *,
        per: str = "100g",
        max_carb_g: float | None = None,
        category: str | None = None,
        limit: int = 20,
    ) -> list[TopFood]:
        """Foods richest in a nutrient per 100 g / serving / 100 kcal / g carbohydrate."""
        return self._db.top(
            nutrient, per=per, max_carb_g=max_carb_g, category=category, limit=limit
        )
