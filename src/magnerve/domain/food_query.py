"""Food queries: what people type, as words the food index and the ranking understand.

Pure: stdlib and rapidfuzz only. Folding strips case and diacritics the way the FTS5
``unicode61 remove_diacritics 2`` tokenizer does, so "crème" and "creme" are one word; a crude
singular makes "almonds" find "almond"; stop words, sizes and a leading amount ("1 cup") are
dropped; synonyms (yoghurt/yogurt, courgette/zucchini) become alternatives; and
:func:`correct_words` fixes typos against the vocabulary of food descriptions.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text`` as a frozen set (for word-list constants)."""
    return frozenset(text.split())


STOPWORDS = word_set(
    "a an and or of the with without w in on for to from some my fresh small medium large big "
    "extra piece pieces serving handful bowl glass plate"
)
#: Measures after a number ("1 cup cooked spinach"): dropped with the number.
MEASURES = word_set(
    "cup cups c tbsp tbs tablespoon tablespoons tsp teaspoon teaspoons g gram grams kg oz "
    "ounce ounces lb lbs pound pounds ml l liter litre slice slices can cans bottle"
)
_AMOUNT = re.compile(r"^(\d+([.,]\d+)?(g|kg|mg|oz|ml|l|lb)?|\d+/\d+)$")
#: Preparation words: never the head noun; their absence prefers raw/plain foods.
PREPARATION = word_set(
    "raw cooked boiled steamed baked roasted fried grilled broiled canned frozen toasted "
    "salted smoked drained mashed stewed braised poached scrambled sauteed microwaved "
    "prepared blanched sprouted pickled unprepared creamed flavored sweetened candied glazed "
    "breaded battered coated covered stuffed brewed"
)
#: Other names for the same food (British/French/US), as alternatives of whole terms.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "yoghurt": ("yogurt",),
    "yogurt": ("yoghurt",),
    "chickpea": ("garbanzo",),
    "garbanzo": ("chickpea",),
    "courgette": ("zucchini",),
    "zucchini": ("courgette",),
    "aubergine": ("eggplant",),
    "eggplant": ("aubergine",),
    "prawn": ("shrimp",),
    "rocket": ("arugula",),
    "beetroot": ("beet",),
    "porridge": ("oatmeal",),
    "soymilk": ("soy milk",),
    "spaghetti": ("pasta",),
    "blackeye": ("black eyed", "blackeyes"),
}
#: Phrases the data spells differently: CIQUAL's English table calls crème fraîche "thick cream".
PHRASE_SYNONYMS: dict[str, str] = {
    "creme fraiche": "thick cream",
    "soy milk": "soymilk",
    "flax seed": "flaxseed",
    "black eyed pea": "blackeyes",
}

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Crème Fraîche" → "creme fraiche"), like the FTS index."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; punctuation separates)."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A crude English singular: berries → berry, tomatoes → tomato, almonds → almond."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def prefixes(stemmed: str) -> tuple[str, ...]:
    """Index prefixes that find every inflection of a stem (berry → berry*, berri*)."""
    if stemmed.endswith("y") and len(stemmed) > 3:
        return (stemmed, stemmed[:-1] + "i")
    return (stemmed,)


@dataclass(frozen=True)
class QueryTerm:
    """One meaningful word of a query; any alternative (a tuple of stems, all required) matches."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def is_preparation(self) -> bool:
        return self.word in PREPARATION


def parse_query(query: str) -> tuple[QueryTerm, ...]:
    """The meaningful terms of a query: folded, singular, stop/size words dropped, synonyms added.

    A query of only stop words keeps them (so "and" still searches for "and").
    """
    tokens = words(query)
    while tokens and _AMOUNT.match(tokens[0]):  # a leading amount: "1 cup", "30g", "1/2"
        tokens = tokens[2:] if len(tokens) > 1 and tokens[1] in MEASURES else tokens[1:]
    kept = [t for t in tokens if t not in STOPWORDS] or tokens
    stems = [stem(t) for t in kept]
    terms: dict[str, QueryTerm] = {}
    alts: tuple[tuple[str, ...], ...]
    i = 0
    while i < len(kept):
        for phrase, other in PHRASE_SYNONYMS.items():
            parts = tuple(stem(w) for w in phrase.split())
            if tuple(stems[i : i + len(parts)]) == parts:
                alts = (parts, tuple(stem(w) for w in other.split()))
                terms.setdefault(phrase, QueryTerm(phrase, alts))
                i += len(parts)
                break
        else:
            synonyms = [tuple(stem(w) for w in s.split()) for s in SYNONYMS.get(stems[i], ())]
            alts = tuple(dict.fromkeys([(stems[i],), *synonyms]))
            terms.setdefault(kept[i], QueryTerm(kept[i], alts))
            i += 1
    return tuple(terms.values())


def _known(stemmed: str, vocabulary: Sequence[str]) -> bool:
    if len(stemmed) < 3 or stemmed.isdigit():
        return True
    i = bisect.bisect_left(vocabulary, stemmed)
    return i < len(vocabulary) and vocabulary[i].startswith(stemmed)


def correct_words(query: str, vocabulary: Sequence[str]) -> str | None:
    """Fix typos: a query word (≥ 4 letters) that begins no word of ``vocabulary`` (sorted,
    folded description words), in any of its spellings, becomes the closest vocabulary word
    ("brocoli" → "broccoli"). Returns the corrected query, or None when nothing changed."""
    changed = False
    out: list[str] = []
    for term in parse_query(query):
        if any(all(_known(s, vocabulary) for s in alt) for alt in term.alternatives) or (
            len(term.word) < 4 or " " in term.word
        ):
            out.append(term.word)
            continue
        best = process.extractOne(term.word, vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        changed = changed or best is not None
        out.append(term.word if best is None else str(best[0]))
    return " ".join(out) if changed else None


def word_match(alternative: tuple[str, ...], stems: Sequence[str]) -> float:
    """1 when every stem of the alternative is a word of the text; 0.9 / 0.6 for prefix hits."""
    total = 0.0
    for want in alternative:
        best = 0.0
        for have in stems:
            if have == want:
                best = 1.0
                break
            if have.startswith(want):
                best = max(best, 0.9 if len(have) - len(want) <= 1 else 0.6)
        total += best
    return total / len(alternative)


def term_match(term: QueryTerm, stems: Sequence[str]) -> float:
    """How well a term appears among ``stems`` (0..1), over its alternatives."""
    return max(word_match(alt, stems) for alt in term.alternatives)
