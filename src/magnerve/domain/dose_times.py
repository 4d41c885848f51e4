"""Picking clock times for doses that must be a minimum gap apart, round the clock. Pure.

The day plan (:mod:`magnerve.domain.schedule`) hands over the candidate times that no medicine
window blocks; this module finds how many doses fit (:func:`max_fit`) and the best times for
them (:func:`best_times`). Both are exact, not greedy guesses. Times are minutes after midnight;
the day is circular, so 23:00 and 01:00 are 2 hours apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from magnerve.domain.plan_settings import MINUTES_PER_DAY


@dataclass(frozen=True)
class Candidate:
    """A time a dose could go. ``meal`` names the meal at that time, if any."""

    minute: int
    meal: str | None
    #: (1 when not at a meal, minutes to the nearest meal): lower is better.
    cost: tuple[int, int]


def hhmm(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def circular_gap(a: int, b: int) -> int:
    """Minutes between two clock times, the short way round."""
    d = abs(a - b) % MINUTES_PER_DAY
    return min(d, MINUTES_PER_DAY - d)


def _wraps(ms: Sequence[int], gap: int) -> bool:
    """Could the first and last time be too close round midnight?"""
    return len(ms) > 1 and ms[-1] - ms[0] > MINUTES_PER_DAY - gap


def _greedy(ms: Sequence[int], gap: int, first: int, limit: float) -> int:
    count, last = 0, -math.inf
    for minute in ms[first:]:
        if minute > limit:
            break
        if minute - last >= gap:
            count, last = count + 1, minute
    return count


def max_fit(ms: Sequence[int], gap: int) -> int:
    """The most doses these sorted times hold, ``gap`` minutes apart round the clock."""
    if not ms:
        return 0
    if not _wraps(ms, gap):
        return _greedy(ms, gap, 0, math.inf)
    return max(_greedy(ms, gap, i, ms[i] + MINUTES_PER_DAY - gap) for i in range(len(ms)))


_Key = tuple[int, int, int]


def _chain(
    cands: Sequence[Candidate], pool: Sequence[int], k: int, gap: int, fixed_first: bool
) -> tuple[_Key, list[int]] | None:
    """The best ``k`` of ``pool`` (ascending indices), ``gap`` apart: fewest off-meal doses, then
    least distance to meals, then the widest spread, then the earliest.

    A chain's running key is (off-meal doses, distance, first minute); extending it by a later
    candidate adds that candidate's cost, so the best predecessor is a running minimum.
    """
    starts = pool[:1] if fixed_first else pool
    layer: dict[int, _Key] = {i: (*cands[i].cost, cands[i].minute) for i in starts}
    backs: list[dict[int, int]] = []
    for _ in range(k - 1):
        previous = sorted(layer)
        new: dict[int, _Key] = {}
        back: dict[int, int] = {}
        best: _Key | None = None
        best_index, p = -1, 0
        for i in pool:
            while p < len(previous) and cands[previous[p]].minute <= cands[i].minute - gap:
                if best is None or layer[previous[p]] < best:
                    best, best_index = layer[previous[p]], previous[p]
                p += 1
            if best is not None:
                cost = cands[i].cost
                new[i] = (best[0] + cost[0], best[1] + cost[1], best[2])
                back[i] = best_index
        if not new:
            return None
        layer = new
        backs.append(back)

    def final(i: int) -> _Key:
        return (layer[i][0], layer[i][1], layer[i][2] - cands[i].minute)

    end = min(layer, key=lambda i: (final(i), i))
    path = [end]
    for back in reversed(backs):
        path.append(back[path[-1]])
    return final(end), path[::-1]


def best_times(free: Sequence[Candidate], k: int, gap: int) -> list[Candidate]:
    if k == 0:
        return []
    ms = [c.minute for c in free]
    found: tuple[_Key, list[int]] | None = None
    if not _wraps(ms, gap):
        found = _chain(free, range(len(free)), k, gap, fixed_first=False)
    else:
        for first, start in enumerate(ms):
            pool = [first] + [
                i for i in range(first + 1, len(ms))
                if start + gap <= ms[i] <= start + MINUTES_PER_DAY - gap
            ]  # fmt: skip
            chain = _chain(free, pool, k, gap, fixed_first=True)
            if chain is not None and (found is None or chain[0] < found[0]):
                found = chain
    if found is None:  # pragma: no cover - k never exceeds what _max_fit found
        raise AssertionError("no chain of the size _max_fit promised")
    return [free[i] for i in found[1]]


__all__ = ["Candidate", "best_times", "circular_gap", "hhmm", "max_fit"]
