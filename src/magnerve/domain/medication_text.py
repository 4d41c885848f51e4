"""Words in what people type for a medicine: folding, doses, forms and fuzzy matching. Pure.

``fold`` makes "Phillips' Milk-of-Magnesia", "PHILLIPS MILK OF MAGNESIA" and
"phillips milk of magnesia" one string. ``drop_amounts`` removes doses and counts ("500 mg",
"40mg", "0.125", "70/30", "2 x"). ``IGNORABLE`` words (dose forms, release types, salts, timing,
filler words) may surround a name without making it a different medicine. ``close_keys`` finds
names within a small edit distance, guarded so that real medicines we do not carry are not
turned into ones we do. rapidfuzz is imported only when a misspelling has to be looked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Units that follow a number; the one-letter ones are dropped only after a number.
UNITS = _words(
    "mg mgs mcg ug g gm gram grams ml l iu u unit units mmol meq percent hr hrs h hour hours x"
)
_SHORT_UNITS = frozenset({"g", "l", "u", "h", "x"})
_AMOUNT = re.compile(r"^\d+(?:mg|mgs|mcg|ug|g|gm|ml|l|iu|u|units?|mmol|meq|hrs?|h|x)?$|^[ux]\d+$")

#: Dose forms, release types and routes ("tablets", "XR", "FlexPen", "oral solution").
FORMS = _words(
    "tablet tablets tab tabs capsule capsules cap caps caplet caplets pill pills softgel softgels "
    "gelcap gelcaps injection injections injectable inj pen pens prefilled syringe syringes vial "
    "vials cartridge cartridges flexpen flextouch kwikpen solostar penfill oral solution "
    "suspension liquid syrup elixir chewable chewables chew chews powder sachet sachets granules "
    "effervescent dispersible orodispersible odt er xr xl sr cr la dr ec mr ir sa "
    "extended delayed modified sustained controlled immediate prolonged release retard acting "
    "generic otc mix mixture inhaler inhaled sprinkle sprinkles"
)
#: Salt and hydrate words in a full chemical name ("levothyroxine sodium", "doxycycline
#: hyclate"). Ignored around a recognised name; a name made of them ("magnesium hydroxide")
#: is still matched as a whole first.
SALTS = _words(
    "sodium disodium trisodium potassium dipotassium calcium magnesium hydrochloride hcl "
    "dihydrochloride hyclate monohydrate dihydrate trihydrate hemihydrate sesquihydrate hydrate "
    "anhydrous mesylate maleate besylate besilate tartrate succinate fumarate sulfate sulphate "
    "acetate bromide phosphate propanediol citrate medoxomil cilexetil erbumine arginine "
    "tert butylamine"
)
#: Filler words: timing, purpose and small words ("metformin for my sugar, twice daily").
FILLER = _words(
    "a an the and or plus with my for of to in on at by as per each every take takes taking "
    "once twice three times daily day days weekly week nightly night morning evening bedtime "
    "am pm bid tid qid qd od bd qhs hs prn when needed before after food meals breakfast lunch "
    "dinner supper mouth po iv im sc subcut subcutaneous dose doses dosage strength brand name "
    "pain nerve nerves blood pressure sugar diabetes heart stomach water"
)
IGNORABLE = FORMS | SALTS | FILLER


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes vanish, other marks split."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def drop_amounts(words: Iterable[str]) -> list[str]:
    """The words without numbers, doses and the units that follow a number."""
    kept: list[str] = []
    after_number = False
    for word in words:
        if _AMOUNT.match(word):
            after_number = True
            continue
        if word in UNITS and (after_number or word not in _SHORT_UNITS):
            after_number = False
            continue
        after_number = False
        kept.append(word)
    return kept


def key(name: str) -> str:
    """The lookup key of a shipped name, folded exactly the way typed text is."""
    return " ".join(drop_amounts(fold(name).split()))


def allowed_distance(query: str) -> int:
    """How many edits a misspelling of this length may have: none below 5 letters."""
    letters = len(query.replace(" ", ""))
    if letters < 5:
        return -1
    return 1 if letters < 10 else 2


def close_keys(query: str, names: Mapping[str, T]) -> dict[str, T]:
    """Names nearest to ``query`` by optimal-string-alignment distance (a swap is one edit).

    Only names that start with the same letter and lie within :func:`allowed_distance` count,
    and only the nearest distance is kept. Below 7 letters the lengths must also match (a
    swapped or wrong letter, not an extra one), so that "depend" is not read as "Depen".
    Empty when nothing is close enough.
    """
    limit = allowed_distance(query)
    if limit < 0:
        return {}
    from rapidfuzz.distance import OSA  # lazy: `magnerve today` must not import rapidfuzz

    best = limit + 1
    found: dict[str, T] = {}
    for name, value in names.items():
        if name[:1] != query[:1] or (limit == 1 and len(query) < 7 and len(name) != len(query)):
            continue
        distance = OSA.distance(query, name, score_cutoff=limit)
        if distance > limit:
            continue
        if distance < best:
            best, found = distance, {name: value}
        elif distance == best:
            found[name] = value
    return found
