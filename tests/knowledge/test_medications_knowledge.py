"""The shipped medicines table: every dossier drug with its class, codes pinned, names sound.

Changing a class, an RxNorm code or a brand's ingredients must fail a test here: update the
expected values on purpose, bump knowledge/VERSION and add a "Rules changed" line.
"""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.medication_text import IGNORABLE, key
from magnerve.domain.medications import (
    MEDICATION_CLASSES,
    MedicationTable,
    magnesium_fraction,
    recognize,
)
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load


@pytest.fixture(scope="module")
def table() -> MedicationTable:
    return load.load_medications()


#: Every drug named in clinical-facts §5 (and the brief), with the class it must carry.
DOSSIER_DRUGS: dict[str, str] = {
    "alendronate": "bisphosphonate",
    "risedronate": "bisphosphonate",
    "doxycycline": "tetracycline",
    "minocycline": "tetracycline",
    "tetracycline": "tetracycline",
    "ciprofloxacin": "fluoroquinolone",
    "levofloxacin": "fluoroquinolone",
    "moxifloxacin": "fluoroquinolone",
    "levothyroxine": "thyroid_hormone",
    "gabapentin": "gabapentinoid",
    "pregabalin": "gabapentinoid",
    "dolutegravir": "integrase_inhibitor",
    "raltegravir": "integrase_inhibitor",
    "bictegravir": "integrase_inhibitor",
    "digoxin": "cardiac_glycoside",
    "furosemide": "loop_diuretic",
    "bumetanide": "loop_diuretic",
    "torsemide": "loop_diuretic",
    "hydrochlorothiazide": "thiazide_diuretic",
    "chlorthalidone": "thiazide_diuretic",
    "indapamide": "thiazide_diuretic",
    "amiloride": "potassium_sparing_diuretic",
    "spironolactone": "potassium_sparing_diuretic",
    "eplerenone": "potassium_sparing_diuretic",
    "triamterene": "potassium_sparing_diuretic",
    "omeprazole": "proton_pump_inhibitor",
    "esomeprazole": "proton_pump_inhibitor",
    "lansoprazole": "proton_pump_inhibitor",
    "pantoprazole": "proton_pump_inhibitor",
    "rabeprazole": "proton_pump_inhibitor",
    "dexlansoprazole": "proton_pump_inhibitor",
    "nifedipine": "calcium_channel_blocker",
    "amlodipine": "calcium_channel_blocker",
    "diltiazem": "calcium_channel_blocker",
    "verapamil": "calcium_channel_blocker",
    "gentamicin": "aminoglycoside",
    "tobramycin": "aminoglycoside",
    "amikacin": "aminoglycoside",
    "penicillamine": "penicillamine",
    "mycophenolate mofetil": "mycophenolate",
    "mycophenolic acid": "mycophenolate",
    "canagliflozin": "sglt2_inhibitor",
    "dapagliflozin": "sglt2_inhibitor",
    "empagliflozin": "sglt2_inhibitor",
    "ertugliflozin": "sglt2_inhibitor",
    "metformin": "biguanide",
    "insulin glargine": "insulin",
    "insulin detemir": "insulin",
    "insulin degludec": "insulin",
    "insulin lispro": "insulin",
    "insulin aspart": "insulin",
    "insulin glulisine": "insulin",
    "regular human insulin": "insulin",
    "NPH insulin": "insulin",
    "glimepiride": "sulfonylurea",
    "glipizide": "sulfonylurea",
    "glyburide": "sulfonylurea",
    "glibenclamide": "sulfonylurea",
    "gliclazide": "sulfonylurea",
    "duloxetine": "snri",
    "amitriptyline": "tricyclic_antidepressant",
    "nortriptyline": "tricyclic_antidepressant",
    "lisinopril": "ace_inhibitor",
    "enalapril": "ace_inhibitor",
    "ramipril": "ace_inhibitor",
    "losartan": "angiotensin_receptor_blocker",
    "valsartan": "angiotensin_receptor_blocker",
    "irbesartan": "angiotensin_receptor_blocker",
    "candesartan": "angiotensin_receptor_blocker",
    "metoprolol": "beta_blocker",
    "atenolol": "beta_blocker",
    "bisoprolol": "beta_blocker",
    "carvedilol": "beta_blocker",
    "sitagliptin": "dpp4_inhibitor",
    "linagliptin": "dpp4_inhibitor",
    "semaglutide": "glp1_receptor_agonist",
    "liraglutide": "glp1_receptor_agonist",
    "dulaglutide": "glp1_receptor_agonist",
    "magnesium hydroxide": "antacid_or_laxative_magnesium",
    "milk of magnesia": "antacid_or_laxative_magnesium",
    "magnesium citrate": "antacid_or_laxative_magnesium",
    "magnesium oxide": "antacid_or_laxative_magnesium",
}


@pytest.mark.parametrize(("name", "cls"), sorted(DOSSIER_DRUGS.items()))
def test_every_dossier_drug_is_carried_with_its_class(
    table: MedicationTable, name: str, cls: str
) -> None:
    result = recognize(name, table)
    assert result.recognized and result.how == "generic", result
    assert cls in result.classes


#: Brands named in the brief, with the ingredients they must give.
BRANDS: dict[str, tuple[str, ...]] = {
    "Cipro": ("ciprofloxacin",),
    "Levaquin": ("levofloxacin",),
    "Avelox": ("moxifloxacin",),
    "Vibramycin": ("doxycycline",),
    "Doryx": ("doxycycline",),
    "Minocin": ("minocycline",),
    "Synthroid": ("levothyroxine",),
    "Levoxyl": ("levothyroxine",),
    "Euthyrox": ("levothyroxine",),
    "Eltroxin": ("levothyroxine",),
    "Fosamax": ("alendronate",),
    "Actonel": ("risedronate",),
    "Tivicay": ("dolutegravir",),
    "Isentress": ("raltegravir",),
    "Biktarvy": ("bictegravir",),
    "Neurontin": ("gabapentin",),
    "Gralise": ("gabapentin",),
    "Horizant": ("gabapentin enacarbil",),
    "Lyrica": ("pregabalin",),
    "Cymbalta": ("duloxetine",),
    "Elavil": ("amitriptyline",),
    "Glucophage": ("metformin",),
    "Lasix": ("furosemide",),
    "Bumex": ("bumetanide",),
    "Demadex": ("torasemide",),
    "Microzide": ("hydrochlorothiazide",),
    "Aldactone": ("spironolactone",),
    "Midamor": ("amiloride",),
    "Prilosec": ("omeprazole",),
    "Nexium": ("esomeprazole",),
    "Protonix": ("pantoprazole",),
    "Prevacid": ("lansoprazole",),
    "Aciphex": ("rabeprazole",),
    "Lanoxin": ("digoxin",),
    "Norvasc": ("amlodipine",),
    "Procardia": ("nifedipine",),
    "Cardizem": ("diltiazem",),
    "Calan": ("verapamil",),
    "Zestril": ("lisinopril",),
    "Prinivil": ("lisinopril",),
    "Vasotec": ("enalapril",),
    "Altace": ("ramipril",),
    "Cozaar": ("losartan",),
    "Diovan": ("valsartan",),
    "Lopressor": ("metoprolol",),
    "Toprol-XL": ("metoprolol",),
    "Jardiance": ("empagliflozin",),
    "Farxiga": ("dapagliflozin",),
    "Forxiga": ("dapagliflozin",),
    "Invokana": ("canagliflozin",),
    "Januvia": ("sitagliptin",),
    "Ozempic": ("semaglutide",),
    "Victoza": ("liraglutide",),
    "Amaryl": ("glimepiride",),
    "Glucotrol": ("glipizide",),
    "Diabeta": ("glibenclamide",),
    "Glynase": ("glibenclamide",),
    "Lantus": ("insulin glargine",),
    "Humalog": ("insulin lispro",),
    "Novolog": ("insulin aspart",),
    "Levemir": ("insulin detemir",),
    "Tresiba": ("insulin degludec",),
    "CellCept": ("mycophenolate mofetil",),
    "Cuprimine": ("penicillamine",),
    "Depen": ("penicillamine",),
    "Phillips' Milk of Magnesia": ("magnesium hydroxide",),
    "Janumet": ("sitagliptin", "metformin"),
    "Zestoretic": ("lisinopril", "hydrochlorothiazide"),
    "Triumeq": ("dolutegravir",),
    "Maalox": ("magnesium hydroxide",),
}


@pytest.mark.parametrize(("brand", "ingredients"), sorted(BRANDS.items()))
def test_brands_give_their_ingredients(
    table: MedicationTable, brand: str, ingredients: tuple[str, ...]
) -> None:
    result = recognize(brand, table)
    assert result.how == "brand" and result.ingredients == ingredients, result


#: RxNorm ingredient codes shipped. Each agrees with the project's reviewed list or the CPIC
#: drug table (github.com/cpicpgx/cpic-schema, drug.sql). Adding one needs the same check.
RXNORM: dict[str, str] = {
    "alendronate": "46041",
    "amitriptyline": "704",
    "amlodipine": "17767",
    "captopril": "1998",
    "carvedilol": "20352",
    "ciprofloxacin": "2551",
    "clomipramine": "2597",
    "desipramine": "3247",
    "dexlansoprazole": "816346",
    "digoxin": "3407",
    "dolutegravir": "1433868",
    "doxepin": "3638",
    "doxycycline": "3640",
    "duloxetine": "72625",
    "esomeprazole": "283742",
    "furosemide": "4603",
    "gabapentin": "25480",
    "glibenclamide": "4815",
    "glimepiride": "25789",
    "glipizide": "4821",
    "hydralazine": "5470",
    "hydrochlorothiazide": "5487",
    "imipramine": "5691",
    "insulin glargine": "274783",
    "lansoprazole": "17128",
    "levofloxacin": "82122",
    "levothyroxine": "10582",
    "lisinopril": "29046",
    "losartan": "52175",
    "metformin": "6809",
    "metoprolol": "6918",
    "moxifloxacin": "139462",
    "mycophenolic acid": "7145",
    "norfloxacin": "7517",
    "nortriptyline": "7531",
    "omeprazole": "7646",
    "pantoprazole": "40790",
    "pregabalin": "187832",
    "propranolol": "8787",
    "protriptyline": "8886",
    "rabeprazole": "114979",
    "spironolactone": "9997",
    "trimipramine": "10834",
    "venlafaxine": "39786",
}


def test_rxnorm_codes_are_pinned(table: MedicationTable) -> None:
    shipped = {m.ingredient: m.rxnorm for m in table.medications if m.rxnorm is not None}
    assert shipped == RXNORM
    assert all(code.isdigit() for code in shipped.values())
    assert len(set(shipped.values())) == len(shipped)


def test_ingredients_are_unique_lower_case(table: MedicationTable) -> None:
    names = [m.ingredient for m in table.medications]
    assert len(names) == len(set(names))
    assert all(name == name.lower() for name in names)
    assert len(names) >= 120


def test_every_class_is_declared_described_and_used(table: MedicationTable) -> None:
    assert tuple(c.id for c in table.classes) == MEDICATION_CLASSES
    used = {c for m in table.medications for c in m.classes}
    assert used == set(MEDICATION_CLASSES)
    for info in table.classes:
        assert info.description.strip() and info.name.strip()


def test_blood_pressure_classes_are_antihypertensive(table: MedicationTable) -> None:
    pressure = {
        "calcium_channel_blocker",
        "ace_inhibitor",
        "angiotensin_receptor_blocker",
        "beta_blocker",
        "thiazide_diuretic",
    }
    for med in table.medications:
        if pressure & set(med.classes):
            assert "antihypertensive" in med.classes, med.ingredient
    for ingredient in ("furosemide", "spironolactone", "doxazosin", "clonidine"):
        assert "antihypertensive" in recognize(ingredient, table).classes


def test_no_brand_points_at_two_ingredients_by_accident(table: MedicationTable) -> None:
    owners: dict[str, list[str]] = {}
    for med in table.medications:
        for brand in med.brands:
            owners.setdefault(key(brand), []).append(med.ingredient)
    assert {b: o for b, o in owners.items() if len(o) > 1} == {}
    # several ingredients only through an explicit combination entry
    combos = {key(c.brand) for c in table.combinations}
    assert not combos & set(owners)
    ingredient_keys = {key(m.ingredient) for m in table.medications}
    assert not ingredient_keys & (set(owners) | combos)


def test_combinations_are_made_of_carried_ingredients(table: MedicationTable) -> None:
    carried = {m.ingredient for m in table.medications}
    for combo in table.combinations:
        assert set(combo.ingredients) <= carried, combo.brand
        assert not set(combo.other_ingredients) & carried, combo.brand
        assert len(combo.ingredients) + len(combo.other_ingredients) >= 2


def test_every_shipped_name_is_recognised_as_itself(table: MedicationTable) -> None:
    for med in table.medications:
        for name in (med.ingredient, *med.other_names, *med.brands):
            result = recognize(name, table)
            assert result.ingredients == (med.ingredient,), name
            assert result.how == ("brand" if name in med.brands else "generic"), name
    for combo in table.combinations:
        result = recognize(combo.brand, table)
        assert result.ingredients == combo.ingredients, combo.brand
        assert result.not_checked == combo.other_ingredients, combo.brand
    for term in table.terms:
        assert recognize(term.term, table).classes == term.classes


def test_no_name_is_a_dose_or_filler_word(table: MedicationTable) -> None:
    for med in table.medications:
        for name in (med.ingredient, *med.other_names, *med.brands):
            assert key(name) not in IGNORABLE, name


def test_magnesium_antacids_and_laxatives(table: MedicationTable) -> None:
    members = [m for m in table.medications if "antacid_or_laxative_magnesium" in m.classes]
    assert {m.ingredient for m in members} >= {
        "magnesium hydroxide",
        "magnesium citrate",
        "magnesium oxide",
    }
    # dossier §4: MgO 60.3 %, Mg(OH)2 41.7 % (computed with IUPAC atomic weights)
    expected = {"MgO": 0.603, "Mg(OH)2": 0.417}
    for med in members:
        assert med.magnesium is not None
        if med.magnesium.elemental_mg_per_unit is None:
            assert med.magnesium.basis is None
        else:
            assert med.magnesium.basis == "computed"
        if med.magnesium.formula is not None:
            fraction = magnesium_fraction(med.magnesium.formula)
            assert fraction == pytest.approx(expected[med.magnesium.formula], abs=0.001)
            assert f"{fraction * 100:.1f} %" in med.magnesium.note
    # every other medicine has no magnesium block
    assert all(m.magnesium is None for m in table.medications if m not in members)


def test_dossier_sources_are_cited_where_they_name_the_drug(table: MedicationTable) -> None:
    cited = {m.ingredient: {c.ref for c in m.citations} for m in table.medications}
    assert "clin-pharmacol-ther-1989-cipro" in cited["ciprofloxacin"]
    assert "yagi-2012-gabapentin" in cited["gabapentin"]
    assert "whang-1985-digitalis" in cited["digoxin"]
    assert "kurtzman-1993-nifedipine" in cited["nifedipine"]
    assert "tang-2016-sglt2-magnesium" in cited["empagliflozin"]
    assert "emc-2678-magnesium" in cited["alendronate"]
    for info in table.classes:
        if info.id in {"ace_inhibitor", "angiotensin_receptor_blocker", "beta_blocker"}:
            continue
        if info.id in {"sulfonylurea", "dpp4_inhibitor", "glp1_receptor_agonist"}:
            continue
        assert info.citations, info.id


def test_the_safety_rules_name_only_classes_and_ingredients_we_carry(
    table: MedicationTable,
) -> None:
    from magnerve.domain import rule_conditions

    assert set(rule_conditions.MEDICATION_CLASSES) <= set(MEDICATION_CLASSES)
    carried = {m.ingredient for m in table.medications}
    for family in load.load_rules().families:
        for rule in family.rules:
            when = rule.applies_when
            classes = [when.medication_class, *(getattr(when, "any_medication_class", None) or ())]
            ingredients = [
                when.medication_ingredient,
                *(getattr(when, "any_medication_ingredient", None) or ()),
            ]
            assert {c for c in classes if c} <= set(MEDICATION_CLASSES), rule.id
            assert {i for i in ingredients if i} <= carried, rule.id


# --- Load-time checks on a copy of the files -----------------------------------------------------

FILES = ("citations.yaml", "medications.yaml")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in FILES:
        with as_file(files("magnerve.knowledge").joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "medications.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as info:
        load.load_yaml_model("medications.yaml", MedicationTable, root=root)
    return info.value


def test_an_untouched_copy_loads(root: Path, table: MedicationTable) -> None:
    assert load.load_yaml_model("medications.yaml", MedicationTable, root=root) == table


def test_an_unknown_class_is_refused(root: Path) -> None:
    _edit(root, "classes: [biguanide]", "classes: [statin]")
    assert "medications.yaml: medications[" in _error(root).message


def test_a_brand_on_two_ingredients_is_refused(root: Path) -> None:
    _edit(root, "brands: [Bumex, Burinex]", "brands: [Bumex, Lasix]")
    assert "'Lasix' is already a name of" in _error(root).message


def test_a_dangling_citation_is_refused(root: Path) -> None:
    _edit(root, "{ref: yagi-2012-gabapentin, locator: abstract}", "{ref: no-such, locator: x}")
    assert "'no-such' is not in citations.yaml" in _error(root).message


def test_an_rxnorm_code_must_be_quoted_digits(root: Path) -> None:
    _edit(root, 'rxnorm: "6809"', "rxnorm: 6809")
    assert "rxnorm" in _error(root).message
