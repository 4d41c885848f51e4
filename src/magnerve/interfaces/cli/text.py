"""Small formatting helpers for people: units on every number, '≥' when a total is a lower bound."""

from __future__ import annotations

from magnerve.domain.foods import NutrientTotal


def amount(value: float | None, unit: str, *, lower_bound: bool = False, decimals: int = 0) -> str:
    if value is None:
        return "no data"
    prefix = "≥ " if lower_bound else ""
    return f"{prefix}{value:,.{decimals}f} {unit}"


def grams(value: float) -> str:
    return f"{value:,.1f} g" if value < 100 else f"{value:,.0f} g"


def total(value: NutrientTotal, unit: str, decimals: int = 0) -> str:
    """A day's sum, marked '≥' when some entries had no value."""
    return amount(value.known_sum, unit, lower_bound=value.is_lower_bound, decimals=decimals)


def percent(part: float, whole: float | None) -> str:
    if not whole:
        return ""
    return f"{100 * part / whole:.0f} %"


NUTRIENT_LABELS: dict[str, tuple[str, str, int]] = {
    # key: (label, unit, decimals)
    "energy_kcal": ("Energy", "kcal", 0),
    "carbohydrate_g": ("Carbohydrate", "g", 0),
    "fiber_g": ("Fibre", "g", 1),
    "sugars_g": ("Sugars", "g", 0),
    "protein_g": ("Protein", "g", 0),
    "fat_g": ("Fat", "g", 0),
    "saturated_fat_g": ("Saturated fat", "g", 1),
    "sodium_mg": ("Sodium", "mg", 0),
    "potassium_mg": ("Potassium", "mg", 0),
    "calcium_mg": ("Calcium", "mg", 0),
    "magnesium_mg": ("Magnesium", "mg", 0),
    "vitamin_b12_ug": ("Vitamin B12", "µg", 1),
    "vitamin_d_ug": ("Vitamin D", "µg", 1),
    "folate_dfe_ug": ("Folate (DFE)", "µg", 0),
    "folate_total_ug": ("Folate (total)", "µg", 0),
    "thiamin_mg": ("Thiamin (B1)", "mg", 2),
    "vitamin_b6_mg": ("Vitamin B6", "mg", 2),
    "ala_g": ("ALA (omega-3)", "g", 2),
    "epa_g": ("EPA (omega-3)", "g", 2),
    "dha_g": ("DHA (omega-3)", "g", 2),
}


def nutrient(key: str, value: float | None, *, lower_bound: bool = False) -> str:
    _, unit, decimals = NUTRIENT_LABELS[key]
    return amount(value, unit, lower_bound=lower_bound, decimals=decimals)


def nutrient_total(key: str, value: NutrientTotal) -> str:
    return nutrient(key, value.known_sum, lower_bound=value.is_lower_bound)
