"""supplement_forms.yaml: every percentage pinned, every name unambiguous, every claim sourced.

The expected percentages and molar masses below are the clinical fact dossier's table (§4,
computed there with IUPAC atomic weights). They live only here, as literals: the YAML stores
formulas, and magnerve computes the fractions with molmass. Changing a formula must fail a test.
"""

from __future__ import annotations

import re
import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.supplements import (
    NO_COMPARISON,
    FormTable,
    SupplementForm,
    elemental_mg,
    normalise_form_name,
    resolve_form,
)
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load
from magnerve.knowledge.load import load_citations, load_supplement_forms

# id → (% elemental Mg, molar mass g/mol), as in the dossier's table.
DOSSIER: dict[str, tuple[float, float]] = {
    "oxide": (60.3, 40.30),
    "hydroxide": (41.7, 58.32),
    "carbonate": (28.8, 84.31),
    "chloride-anhydrous": (25.5, 95.21),
    "chloride-hexahydrate": (12.0, 203.30),
    "sulfate-anhydrous": (20.2, 120.36),
    "sulfate-heptahydrate": (9.9, 246.47),
    "citrate-trimagnesium-anhydrous": (16.2, 451.11),
    "citrate-trimagnesium-nonahydrate": (11.9, 613.25),
    "citrate-hydrogen": (11.3, 214.41),
    "bisglycinate": (14.1, 172.42),
    "malate-anhydrous": (15.5, 156.38),
    "malate-trihydrate": (11.6, 210.42),
    "l-threonate": (8.3, 294.50),
    "taurate": (8.9, 272.57),
    "lactate-anhydrous": (12.0, 202.44),
    "lactate-dihydrate": (10.2, 238.48),
    "gluconate-anhydrous": (5.9, 414.60),
    "gluconate-dihydrate": (5.4, 450.63),
    "aspartate-anhydrous": (8.4, 288.50),
    "aspartate-dihydrate": (7.5, 324.52),
    "orotate-anhydrous": (7.3, 334.48),
    "orotate-dihydrate": (6.6, 370.51),
    "glycerophosphate": (12.5, 194.36),
}

#: Formulas the dossier also gives in Hill notation.
HILL = {"bisglycinate": "C4H8MgN2O4", "l-threonate": "C8H14MgO10", "taurate": "C4H12MgN2O6S2"}

#: The dossier found no human comparison with other forms for these.
NO_HUMAN_COMPARISON = (
    "bisglycinate",
    "taurate",
    "l-threonate",
    "orotate-anhydrous",
    "orotate-dihydrate",
    "malate-anhydrous",
    "malate-trihydrate",
    "gluconate-anhydrous",
    "gluconate-dihydrate",
    "glycerophosphate",
)

#: Vague names → the documented default.
AMBIGUOUS = {
    "citrate": "citrate-trimagnesium-anhydrous",
    "magnesium citrate": "citrate-trimagnesium-anhydrous",
    "trimagnesium citrate": "citrate-trimagnesium-anhydrous",
    "chloride": "chloride-anhydrous",
    "magnesium chloride": "chloride-anhydrous",
    "sulfate": "sulfate-anhydrous",
    "Magnesium sulphate": "sulfate-anhydrous",
    "malate": "malate-anhydrous",
    "lactate": "lactate-anhydrous",
    "gluconate": "gluconate-anhydrous",
    "aspartate": "aspartate-anhydrous",
    "magnesium L-aspartate": "aspartate-anhydrous",
    "orotate": "orotate-anhydrous",
}

CLAIMS_OF_SUPERIORITY = re.compile(
    r"most bioavailable|highest bioavailability|best[ -]absorbed|most absorbable", re.IGNORECASE
)


@pytest.fixture(scope="module")
def table() -> FormTable:
    return load_supplement_forms()


def _forms() -> list[SupplementForm]:
    return list(load_supplement_forms().forms)


def _aliases() -> list[tuple[str, str]]:
    return [(form.id, alias) for form in _forms() for alias in (form.name, *form.aliases)]


def test_every_dossier_form_is_shipped_and_nothing_else(table: FormTable) -> None:
    assert sorted(table.ids) == sorted(DOSSIER)


@pytest.mark.parametrize(("form_id", "expected"), sorted(DOSSIER.items()))
def test_elemental_percent_matches_the_dossier(
    table: FormTable, form_id: str, expected: tuple[float, float]
) -> None:
    percent, _ = expected
    assert table.form(form_id).elemental_percent == pytest.approx(percent, abs=0.1)


@pytest.mark.parametrize(("form_id", "expected"), sorted(DOSSIER.items()))
def test_formula_mass_matches_the_dossier(
    table: FormTable, form_id: str, expected: tuple[float, float]
) -> None:
    from molmass import Formula

    _, molar_mass = expected
    assert Formula(table.form(form_id).formula).mass == pytest.approx(molar_mass, abs=0.02)


@pytest.mark.parametrize(("form_id", "hill"), sorted(HILL.items()))
def test_hill_formula_matches_the_dossier(table: FormTable, form_id: str, hill: str) -> None:
    from molmass import Formula

    assert Formula(table.form(form_id).formula).formula == hill


def test_glycerophosphate_agrees_with_the_uk_product_check(table: FormTable) -> None:
    # The dossier's SmPC cross-check: 777.6 mg of the salt gives 97.2 mg of magnesium.
    assert elemental_mg(table.form("glycerophosphate"), 777.6) == pytest.approx(97.2, abs=0.1)


def test_threonate_agrees_with_the_supplier_record(table: FormTable) -> None:
    from molmass import Formula

    form = table.form("l-threonate")
    assert Formula(form.formula).mass == pytest.approx(294.49, abs=0.02)
    assert [c.ref for c in form.citations] == ["threonate-cas-778571-57-6"]


def test_ids_are_unique_and_stable_kebab_case(table: FormTable) -> None:
    assert len(set(table.ids)) == len(table.ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", form_id) for form_id in table.ids)


@pytest.mark.parametrize(("form_id", "alias"), _aliases(), ids=lambda v: str(v))
def test_every_alias_resolves_to_its_own_form(table: FormTable, form_id: str, alias: str) -> None:
    resolution = resolve_form(alias, table)
    assert resolution.form.id == form_id
    assert not resolution.used_default
    assert not resolution.spelling_corrected
    assert resolution.note == ""


def test_no_alias_is_shared_by_two_forms(table: FormTable) -> None:
    owner: dict[str, str] = {}
    for form in table.forms:
        for alias in (form.id, form.name, *form.aliases):
            key = normalise_form_name(alias)
            assert owner.setdefault(key, form.id) == form.id, f"{alias!r} is shared"
    vague = {normalise_form_name(n) for e in table.ambiguous_defaults for n in e.names}
    assert not vague & owner.keys()


@pytest.mark.parametrize(("name", "default"), sorted(AMBIGUOUS.items()))
def test_vague_names_say_they_used_a_default(table: FormTable, name: str, default: str) -> None:
    resolution = resolve_form(name, table)
    assert resolution.form.id == default
    assert resolution.used_default
    assert "assumed" in resolution.note
    assert resolution.alternatives
    for other in resolution.alternatives:
        assert other in resolution.note
        assert table.form(other).family == resolution.form.family


def test_every_family_with_several_forms_has_a_default(table: FormTable) -> None:
    families = {form.family for form in table.forms}
    for family in families:
        if len(table.family_forms(family)) > 1:
            resolution = resolve_form(family, table)
            assert resolution.used_default, family


def test_defaults_never_underestimate_magnesium(table: FormTable) -> None:
    for entry in table.ambiguous_defaults:
        chosen = table.form(entry.default).elemental_fraction
        assert all(chosen >= table.form(c).elemental_fraction for c in entry.candidates)


@pytest.mark.parametrize("form", _forms(), ids=lambda f: f.id)
def test_every_form_is_cited_or_marked_a_product_rule(form: SupplementForm) -> None:
    assert form.all_citations or form.gi_notes.basis == "product rule"
    if form.gi_notes.basis == "cited":
        assert form.gi_notes.citations


@pytest.mark.parametrize("form_id", NO_HUMAN_COMPARISON)
def test_forms_without_human_comparisons_say_so(table: FormTable, form_id: str) -> None:
    assert NO_COMPARISON in table.form(form_id).absorption_evidence.text


def test_nothing_claims_to_be_the_best_absorbed() -> None:
    text = files("magnerve.knowledge").joinpath("supplement_forms.yaml").read_text("utf-8")
    assert not CLAIMS_OF_SUPERIORITY.search(text)


def test_oxide_evidence_cites_the_primary_studies(table: FormTable) -> None:
    evidence = table.form("oxide").absorption_evidence
    refs = {c.ref for c in evidence.citations}
    assert {"magnes-res-2001-bioavailability", "walker-2003-magnesium-forms"} <= refs
    assert "4 %" in evidence.text


def test_laxative_flags_are_conservative(table: FormTable) -> None:
    # No source gives a form-specific threshold: every form is flagged; only chloride (the salt
    # behind the IOM LOAEL) rests on a citation rather than a product rule.
    assert all(form.gi_notes.laxative_prone for form in table.forms)
    cited = {form.id for form in table.forms if form.gi_notes.basis == "cited"}
    assert cited == {"chloride-anhydrous", "chloride-hexahydrate"}
    assert "no source" in table.gi_overview.text.lower()


def test_topical_routes(table: FormTable) -> None:
    topical = {form.id for form in table.forms if "topical" in form.routes}
    assert topical == {"chloride-anhydrous", "chloride-hexahydrate", "sulfate-heptahydrate"}
    assert all("oral" in form.routes for form in table.forms)
    assert all(table.form(i).note for i in topical)


def test_new_citations_are_honest_about_what_was_read() -> None:
    citations = load_citations()
    assert citations["nih-ods-magnesium-fact-sheet"].evidence == "secondary"
    assert citations["threonate-cas-778571-57-6"].evidence == "secondary"
    assert citations["nist-atomic-weights"].evidence == "secondary"


def test_loaded_once(table: FormTable) -> None:
    assert load_supplement_forms() is table


# --- broken files are refused ------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("citations.yaml", "supplement_forms.yaml"):
        with as_file(files("magnerve.knowledge").joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def _broken(root: Path, old: str, new: str) -> str:
    path = root / "supplement_forms.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load.load_yaml_model("supplement_forms.yaml", FormTable, root=root)
    return info.value.message


def test_a_copy_loads(root: Path) -> None:
    copy = load.load_yaml_model("supplement_forms.yaml", FormTable, root=root)
    assert copy.ids == load_supplement_forms().ids


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("[magnesium taurate, taurate]", "[magnesium taurate, taurate, glycinate]", "both"),
        ("formula: MgO\n", "formula: CaO\n", "no magnesium"),
        ("formula: MgCl2(H2O)6", "formula: MgCl2(H2O)5", "should end in (H2O)6"),
        (
            "text: No human comparison with other forms was found.",
            "text: Well absorbed.",
            "No human comparison",
        ),
        ("default: malate-anhydrous", "default: lactate-anhydrous", "not among the candidates"),
        (
            "candidates: [orotate-anhydrous, orotate-dihydrate]",
            "candidates: [orotate-anhydrous, taurate]",
            "not a orotate form",
        ),
        (
            "glycerol phosphate]\n    absorption_evidence: *no-comparison\n"
            "    gi_notes: *gi-product-rule",
            "glycerol phosphate]\n    absorption_evidence: *no-comparison\n"
            "    gi_notes: {laxative_prone: true, basis: cited, text: Loose stools.}",
            "needs at least one citation",
        ),
        ("routes: [oral]\n", "routes: [oral]\n    colour: white\n", "Extra inputs"),
        ("{ref: walker-2003-magnesium-forms,", "{ref: walker-2099,", "not in citations.yaml"),
        ("id: taurate\n", "id: oxide\n", "used more than once"),
    ],
)
def test_broken_files_are_refused(root: Path, old: str, new: str, problem: str) -> None:
    assert problem in _broken(root, old, new)


def test_a_family_with_several_forms_needs_a_default(root: Path) -> None:
    message = _broken(
        root,
        "  - family: orotate\n    names: [orotate, magnesium orotate]\n"
        "    candidates: [orotate-anhydrous, orotate-dihydrate]\n"
        "    default: orotate-anhydrous\n    reason: *anhydrous-reason\n",
        "",
    )
    assert "orotate" in message
