"""Food search ranking: ordering what the index found the way a person means it.

Pure: stdlib and rapidfuzz only, no I/O, no clock. The food database (``storage/fooddb.py``)
turns :func:`~magnerve.domain.food_query.parse_query` terms into an FTS5 query and hands back
candidates; :func:`rank` orders them ("banana" is the fruit, not banana baby food) and
:func:`judge` decides whether the best one is safe to log without asking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

from rapidfuzz import fuzz

from magnerve.domain.food_query import (
    PREPARATION,
    STOPWORDS,
    fold,
    parse_query,
    stem,
    term_match,
    word_match,
    word_set,
    words,
)

# --- weights of the ranking (score = sum of weighted parts; higher is better) ----------------
#: Share of the query's terms found anywhere in the description (1.0 for every AND hit; lower
#: for OR-fallback hits). The largest weight: a food missing a word you typed is a worse answer.
W_COVERAGE = 4.0
#: Share of the query's terms found in the description's *name* (the first comma segment, plus
#: the second when the first is a single word: "Nuts, almonds", "Bananas, raw").
W_NAME = 2.0
#: The query's head noun (last word that is not a preparation or cut: "seeds" in "pumpkin
#: seeds", "salmon" in "salmon fillet") is the description's head noun ("Pumpkin seeds, NFS",
#: "Seeds, pumpkin …"), not a modifier of another food ("Almond milk" for "almonds").
W_HEAD = 2.0
#: rapidfuzz token-sort similarity of the query and the leading phrase (0..1): phrasing.
W_FUZZ = 1.0
#: bm25 relative to the best candidate (0..1): the index's own opinion, a tie-breaker.
W_BM25 = 0.5
#: Fewer words beyond what was typed: "Bananas, raw" beats "Bananas, dehydrated, or powder".
#: Preparation words count half: "Coffee, brewed" is plainer than "Coffee, Cuban".
W_SIMPLE = 1.2
#: Each untyped word in the name itself is another food: "Sweet potato", "Goat milk" for
#: "potato", "milk" (at most 3 counted).
P_NAME_EXTRA = 0.7
#: No preparation typed: the raw/generic food first ("spinach" → "Spinach, raw"; "NFS" = the
#: generic entry), unless the name has untyped words ("Garlic bread, NFS" for "bread") or the
#: description adds an untyped preparation or flavour.
W_RAW = 0.6
#: The food has a household serving (USDA foods do, CIQUAL foods do not): "1 cup" can be logged.
W_SERVING = 0.5
#: Magnesium is known: this is a magnesium app; an unknown value is less useful.
W_MG_KNOWN = 0.3
#: Penalties for kinds of food people rarely mean unless they say so (waived when the query
#: names the kind): baby food and infant formula; fast-food/restaurant items; mixed dishes,
#: sandwiches and meals; branded products (ALL-CAPS brand names in SR28); "for use on a
#: sandwich"/"as ingredient" entries.
P_BABY = 4.0
P_FAST_FOOD = 1.5
P_DISH = 1.0
P_BRAND = 1.0
P_INGREDIENT = 0.8
#: A person's own recent food that matches every typed word goes first.
B_RECENT = 20.0
#: Extra words beyond which the simplicity part is 0.
SIMPLE_MAX_EXTRA = 10

#: judge(): the best must lead the next by this much to be "clearly ahead".
CLEAR_MARGIN = 0.5
#: judge(): alternatives within the margin are equivalent when magnesium per 100 g differs by at
#: most this share of the larger value (same head noun too).
MG_EQUIVALENT_TOLERANCE = 0.25
#: … or by at most this many mg per 100 g (coffee 3 vs 5 mg is no real difference).
MG_EQUIVALENT_ABS_MG = 5.0

#: Flavours and additions: make a description less plain, but can be what is asked for.
MODIFIERS = word_set("chocolate vanilla strawberry cinnamon honey maple caramel fruit")
#: Cuts and forms: never the head noun ("salmon fillet" means salmon).
FORMS = word_set("fillet steak chop breast thigh wing drumstick leg loin slice chunk kernel")
#: Words that say "the default kind": not extra words.
DEFAULTS = word_set("raw plain whole nfs ns pulp kernel")
#: SR28-style first segments that name a class, not the food: in "Nuts, almonds" the food (and
#: head noun) is "almonds". ALL-CAPS brand names in first place are treated the same way.
CLASS_WORDS = word_set(
    "nut seed fish beverage babyfood snack candy candies cereal spice mollusk crustacean "
    "restaurant alcoholic"
)
#: Generic heads whose modifier names the food too: "Pistachio nuts" is a pistachio.
GENERIC_HEADS = word_set("nut seed bean fruit")
#: A name's head noun comes before these ("Tongue sausage w pistachios" is a sausage).
_HEAD_STOPS = word_set("with w without in on from for")
#: Words that say the person means the kind a penalty is about.
BABY_WORDS = word_set("baby babyfood infant formula toddler")
FAST_WORDS = word_set("restaurant fast mcdonald burger kfc subway")
DISH_WORDS = word_set("dish sandwich meal entree casserole salad soup pizza")
NOT_BRANDS = word_set("NFS NS USDA DHA EPA ARA BBQ USA II")

_NOT_EXTRA = STOPWORDS | DEFAULTS
_BRAND = re.compile(r"\b[A-Z][A-Z'&\-]{2,}")


class CandidateLike(Protocol):
    """What :func:`rank` needs of a search candidate (``storage.fooddb.FoodCandidate``)."""

    @property
    def id(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def magnesium_mg_per_100g(self) -> float | None: ...
    @property
    def bm25(self) -> float: ...
    @property
    def has_serving(self) -> bool: ...


@dataclass(frozen=True)
class ScoredFood:
    """A candidate with its ranking score (higher is better) and how well it covers the query."""

    id: str
    description: str
    source: str
    category: str | None
    magnesium_mg_per_100g: float | None
    score: float
    coverage: float
    recent: bool = False


T = TypeVar("T")


@dataclass(frozen=True)
class Match(Generic[T]):
    """The answer to "which food did they mean?": the best, the top alternatives, and whether
    the best is doubtful (then ``reason`` says why in a few words)."""

    best: T | None
    candidates: tuple[T, ...]
    doubtful: bool
    reason: str = ""


@dataclass(frozen=True)
class _Parts:
    stems: tuple[str, ...]
    name: tuple[str, ...]
    name_extra: tuple[str, ...]
    heads: frozenset[str]
    lead: str
    name_text: str


def _heads(segment: list[str]) -> set[str]:
    for i, w in enumerate(segment):
        if w in _HEAD_STOPS and i > 0:
            segment = segment[:i]
            break
    content = [stem(w) for w in segment if not w.isdigit() and stem(w) not in FORMS] or [""]
    heads = {content[-1]}
    if content[-1] in GENERIC_HEADS and len(content) > 1:
        heads.add(content[-2])
    return heads


@lru_cache(maxsize=32768)
def _parts(description: str) -> _Parts:
    raw_segments = [s for s in description.split(",") if words(s)] or [""]
    segments = [words(s) for s in raw_segments]
    name = list(segments[0])
    own = segments[0]
    heads = _heads(segments[0])
    if len(name) == 1 and len(segments) > 1:
        first = raw_segments[0].strip()
        if stem(name[0]) in CLASS_WORDS or (first.isupper() and len(first) > 2):
            heads, own = _heads(segments[1]), segments[1]
        else:
            own = name + segments[1]
        name += segments[1]
    stems = tuple(stem(w) for s in segments for w in s)
    return _Parts(
        stems,
        tuple(stem(w) for w in name),
        tuple(stem(w) for w in own),
        frozenset(heads),
        " ".join(segments[0]),
        " ".join(name),
    )


@dataclass(frozen=True)
class _Kinds:
    baby: bool
    fast_food: bool
    dish: bool
    brands: frozenset[str]
    ingredient: bool


@lru_cache(maxsize=32768)
def _kinds(description: str, category: str | None) -> _Kinds:
    cat = fold(category or "")
    desc = fold(description)
    return _Kinds(
        baby="baby" in cat or "formula" in cat or desc.startswith("babyfood"),
        fast_food="fast food" in cat or "restaurant" in cat,
        dish=any(k in cat for k in ("dishes", "sandwich", "meals"))
        or cat in {"burgers", "pizza", "burritos and tacos", "nachos"},
        brands=frozenset(
            stem(fold(b).replace("'", ""))
            for b in _BRAND.findall(description)
            if b not in NOT_BRANDS
        ),
        ingredient="for use " in desc or "as ingredient" in desc,
    )


def _penalty(c: CandidateLike, query_stems: set[str]) -> float:
    k = _kinds(c.description, c.category)
    return (
        P_BABY * (k.baby and not query_stems & BABY_WORDS)
        + P_FAST_FOOD * (k.fast_food and not query_stems & FAST_WORDS)
        + P_DISH * (k.dish and not query_stems & DISH_WORDS)
        + P_BRAND * bool(k.brands and not k.brands & query_stems)
        + P_INGREDIENT * k.ingredient
    )


def rank(
    query: str,
    candidates: Sequence[CandidateLike],
    *,
    recent_food_ids: Sequence[str] = (),
) -> list[ScoredFood]:
    """Order candidates best first (see the weights above). Duplicated ids are kept once."""
    terms = parse_query(query)
    if not terms:
        return []
    query_stems = {s for t in terms for alt in t.alternatives for s in alt}
    content = [t for t in terms if not t.is_preparation and stem(t.word) not in FORMS]
    head = (content or list(terms))[-1]
    wants_preparation = any(t.is_preparation for t in terms)
    best_bm25 = min((c.bm25 for c in candidates), default=0.0)
    recent_rank = {fid: i for i, fid in reversed(list(enumerate(recent_food_ids)))}
    query_text = " ".join(t.word for t in terms)
    typed: dict[str, bool] = {}  # description stem → matches a query term
    scored: dict[str, ScoredFood] = {}
    for c in candidates:
        if c.id in scored:
            continue
        p = _parts(c.description)
        coverage = sum(term_match(t, p.stems) for t in terms) / len(terms)
        name_cov = sum(term_match(t, p.name) for t in terms) / len(terms)
        head_hit = max(word_match(alt[-1:], sorted(p.heads)) for alt in head.alternatives)
        for s in p.stems:
            if s not in typed:
                typed[s] = any(term_match(t, (s,)) > 0 for t in terms)
        unmatched = [s for s in p.stems if s not in _NOT_EXTRA and not typed[s]]
        untyped = set(unmatched) - query_stems
        extra = sum(0.5 if s in PREPARATION else 1.0 for s in unmatched if s not in CLASS_WORDS)
        name_extra = len([s for s in p.name_extra if s in untyped and s not in PREPARATION])
        similarity = max(
            fuzz.token_sort_ratio(query_text, p.lead),
            fuzz.token_sort_ratio(query_text, p.name_text),
        )
        score = (
            W_COVERAGE * coverage
            + W_NAME * name_cov
            + W_HEAD * (1.0 if head_hit >= 0.9 else 0.0)
            - P_NAME_EXTRA * min(name_extra, 3)
            + W_FUZZ * similarity / 100.0
            + W_BM25 * (c.bm25 / best_bm25 if best_bm25 < 0 else 0.0)
            + W_SIMPLE * (1.0 - min(extra, SIMPLE_MAX_EXTRA) / SIMPLE_MAX_EXTRA)
            + W_SERVING * c.has_serving
            + W_MG_KNOWN * (c.magnesium_mg_per_100g is not None)
            - _penalty(c, query_stems)
        )
        if not (wants_preparation or name_extra or untyped & (PREPARATION | MODIFIERS)):
            score += W_RAW if set(p.stems) & {"raw", "nfs", "plain"} else 0.0
        is_recent = c.id in recent_rank and coverage >= 0.9
        if is_recent:
            score += B_RECENT - 0.01 * recent_rank[c.id]
        scored[c.id] = ScoredFood(
            c.id,
            c.description,
            c.source,
            c.category,
            c.magnesium_mg_per_100g,
            round(score, 4),
            round(coverage, 4),
            is_recent,
        )
    return sorted(scored.values(), key=lambda s: (-s.score, len(s.description), s.id))


_RAW_STATE = word_set("raw uncooked unprepared")
_COOKED_STATE = word_set(
    "cooked boiled steamed baked roasted grilled broiled stewed braised poached sauteed "
    "microwaved fried scrambled blanched"
)


def _state(stems: Sequence[str]) -> str:
    """The state a description says: "raw", "cooked" or "" (not said).

    Raw and cooked grains differ threefold in magnesium per 100 g.
    """
    if set(stems) & _RAW_STATE:
        return "raw"
    return "cooked" if set(stems) & _COOKED_STATE else ""


def _similar_mg(a: ScoredFood, b: ScoredFood) -> bool:
    ma, mb = a.magnesium_mg_per_100g, b.magnesium_mg_per_100g
    if ma is None or mb is None:
        return ma is None and mb is None
    return abs(ma - mb) <= max(MG_EQUIVALENT_ABS_MG, MG_EQUIVALENT_TOLERANCE * max(ma, mb))


def _equivalent(a: ScoredFood, b: ScoredFood) -> bool:
    """Same head noun and state (raw/cooked), and similar magnesium or the same name in another
    source (sources disagreeing about one food is not the person's ambiguity)."""
    pa, pb = _parts(a.description), _parts(b.description)
    if pa.heads.isdisjoint(pb.heads) or _state(pa.stems) != _state(pb.stems):
        return False
    core_a, core_b = set(pa.name) - PREPARATION - DEFAULTS, set(pb.name) - PREPARATION - DEFAULTS
    return (a.source != b.source and core_a == core_b) or _similar_mg(a, b)


def judge(query: str, ranked: Sequence[ScoredFood], *, top: int = 5) -> Match[ScoredFood]:
    """Is the best hit confident enough to log without asking?

    Confident when every meaningful query word is in the best description (plural/prefix
    tolerant) and the best is the person's own recent food, or is clearly ahead, or the
    alternatives close behind it are the same food with similar magnesium. Doubtful too when
    the query says neither raw nor cooked and the top foods differ on that in magnesium.
    """
    shown = tuple(ranked[:top])
    if not ranked:
        return Match(None, (), True, "no food matches")
    best = ranked[0]
    best_parts = _parts(best.description)
    terms = parse_query(query)
    missing = [
        t.word for t in terms if term_match(t, best_parts.stems) < 0.6 and not t.word.isdigit()
    ]
    if missing:
        return Match(best, shown, True, f"best match lacks {', '.join(repr(w) for w in missing)}")
    if best.recent:
        return Match(best, shown, False, "one of your recent foods")
    if not any(t.is_preparation for t in terms):
        for other in ranked[1:top]:
            op = _parts(other.description)
            if (
                not op.heads.isdisjoint(best_parts.heads)
                and {_state(op.stems), _state(best_parts.stems)} == {"raw", "cooked"}
                and not _similar_mg(best, other)
            ):
                return Match(best, shown, True, "raw or cooked? magnesium differs a lot")
    close = [a for a in ranked[1:top] if best.score - a.score < CLEAR_MARGIN]
    if not close:
        return Match(best, shown, False, "clear best match")
    if all(_equivalent(best, a) for a in close):
        return Match(best, shown, False, "close matches are near-equivalent")
    names = "; ".join(a.description for a in [best, *close][:3])
    return Match(best, shown, True, f"several foods match about equally: {names}")
