"""Foods, their portions and nutrient arithmetic. Pure: no I/O.

Nutrient values are per 100 g of edible portion. ``None`` means the source gives no value; it is
never treated as 0. Every nutrient key ends in its unit (``magnesium_mg``, ``vitamin_b12_ug``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: The nutrient columns of the shipped food data, in file order. Keys end in their unit.
NUTRIENT_KEYS: tuple[str, ...] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbohydrate_g",
    "fiber_g",
    "sugars_g",
    "sodium_mg",
    "potassium_mg",
    "calcium_mg",
    "magnesium_mg",
    "vitamin_b12_ug",
    "vitamin_d_ug",
    "folate_dfe_ug",
    "folate_total_ug",
    "thiamin_mg",
    "vitamin_b6_mg",
    "ala_g",
    "epa_g",
    "dha_g",
)

#: Shipped sources and how people should read their names.
SOURCE_NAMES: dict[str, str] = {
    "usda_sr28": "USDA SR28",
    "usda_fndds": "USDA FNDDS 2021-2023",
    "ciqual_2020": "ANSES CIQUAL 2020",
}

Nutrients = dict[str, float | None]


@dataclass(frozen=True)
class Portion:
    """A household measure of one food, as its source publishes it.

    ``label`` is the published text ("1 cup, chopped"); ``amount`` the leading number (2 for
    "2 tbsp") or ``None`` where there is none ("Quantity not specified"); ``unit_text`` the rest
    ("tbsp", "cup, chopped"); ``grams`` the weight of the whole label (2 tbsp = 32 g).
    """

    label: str
    grams: float
    amount: float | None = None
    unit_text: str = ""

    @property
    def grams_per_unit(self) -> float:
        """Grams of one unit ("1 tbsp" from "2 tbsp = 32 g" is 16 g)."""
        if self.amount and self.amount > 0:
            return self.grams / self.amount
        return self.grams


@dataclass(frozen=True)
class Food:
    id: str
    source: str
    description: str
    category: str | None
    nutrients_per_100g: Mapping[str, float | None]
    portions: tuple[Portion, ...] = field(default_factory=tuple)

    @property
    def source_id(self) -> str:
        return self.id.split(":", 1)[1]

    @property
    def magnesium_mg_per_100g(self) -> float | None:
        return self.nutrients_per_100g.get("magnesium_mg")


def food_id(source: str, source_id: str) -> str:
    return f"{source}:{source_id}"


def scale_nutrients(per_100g: Mapping[str, float | None], grams: float) -> Nutrients:
    """Nutrients in ``grams`` of a food. Unknown stays unknown."""
    factor = grams / 100.0
    return {
        key: (None if per_100g.get(key) is None else float(per_100g[key]) * factor)  # type: ignore[arg-type]
        for key in NUTRIENT_KEYS
    }


@dataclass(frozen=True)
class NutrientTotal:
    """A sum that remembers how many entries had no value (then the sum is a lower bound)."""

    known_sum: float
    missing: int
    count: int

    @property
    def is_lower_bound(self) -> bool:
        return self.missing > 0


def total_nutrient(snapshots: Iterable[Mapping[str, float | None]], key: str) -> NutrientTotal:
    known = 0.0
    missing = 0
    count = 0
    for snap in snapshots:
        count += 1
        value = snap.get(key)
        if value is None:
            missing += 1
        else:
            known += value
    return NutrientTotal(known_sum=known, missing=missing, count=count)
