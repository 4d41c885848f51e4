"""Every value in labs.yaml, pinned; how each is backed; and broken copies are refused.

Changing a number in labs.yaml must fail a test here: update the expected table on purpose,
bump knowledge/VERSION and add a "Rules changed" line to the changelog.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import molmass
import pytest
import yaml
from pydantic import BaseModel

from magnerve.domain.cited import Band, Cited, Remark
from magnerve.domain.labs import Analyte, LabTable
from magnerve.errors import KnowledgeError
from magnerve.knowledge.load import check_citations, load_citations, load_labs, load_yaml_model

TABLE = load_labs()


def _analyte(analyte_id: str) -> Analyte:
    return next(a for a in TABLE.analytes if a.id == analyte_id)


# --- codes and units -----------------------------------------------------------------------------


def test_analytes_and_loinc_codes() -> None:
    assert {a.id: (a.name, [c.code for c in a.loinc]) for a in TABLE.analytes} == {
        "serum-magnesium": ("serum magnesium", ["19123-9", "2601-3"]),
        "creatinine": ("serum creatinine", ["2160-0", "14682-9"]),
        "egfr": ("eGFR", ["98979-8"]),
        "vitamin-b12": ("vitamin B12", ["2132-9"]),
        "hba1c": ("HbA1c", ["4548-4", "59261-8"]),
        "rbc-magnesium": ("red-cell magnesium", ["2597-3"]),
        "mma": ("methylmalonic acid", ["13964-2"]),
        "glucose": ("glucose", ["2345-7"]),
        "potassium": ("potassium", ["2823-3"]),
        "calcium": ("calcium", ["17861-6"]),
    }


# (analyte, unit): (factor, offset, decimals, basis of the conversion or None when canonical)
UNITS: dict[tuple[str, str], tuple[float, float, int, str | None]] = {
    ("serum-magnesium", "mmol/L"): (1, 0, 2, None),
    ("serum-magnesium", "mg/dL"): (0.4114379757, 0, 1, "computed"),
    ("serum-magnesium", "mEq/L"): (0.5, 0, 1, "computed"),
    ("creatinine", "µmol/L"): (1, 0, 0, None),
    ("creatinine", "mg/dL"): (88.40169731, 0, 2, "computed"),
    ("egfr", "mL/min/1.73m2"): (1, 0, 0, None),
    ("vitamin-b12", "pmol/L"): (1, 0, 0, None),
    ("vitamin-b12", "pg/mL"): (0.7377895824, 0, 0, "computed"),
    ("vitamin-b12", "ng/L"): (0.7377895824, 0, 0, "computed"),
    ("hba1c", "%"): (1, 0, 1, None),
    ("hba1c", "mmol/mol"): (0.0915, 2.15, 0, "source"),
    ("rbc-magnesium", "mmol/L"): (1, 0, 2, None),
    ("rbc-magnesium", "mg/dL"): (0.4114379757, 0, 1, "computed"),
    ("mma", "nmol/L"): (1, 0, 0, None),
    ("glucose", "mmol/L"): (1, 0, 1, None),
    ("glucose", "mg/dL"): (0.0555074491, 0, 0, "computed"),
    ("potassium", "mmol/L"): (1, 0, 1, None),
    ("potassium", "mEq/L"): (1, 0, 1, "computed"),
    ("calcium", "mmol/L"): (1, 0, 2, None),
    ("calcium", "mg/dL"): (0.2495134488, 0, 1, "computed"),
    ("calcium", "mEq/L"): (0.5, 0, 1, "computed"),
}


def test_every_unit_pinned() -> None:
    actual = {
        (a.id, u.unit): (u.factor, u.offset, u.decimals, u.conversion and u.conversion.basis)
        for a in TABLE.analytes
        for u in a.units
    }
    assert actual == UNITS
    assert {a.id: a.canonical_unit for a in TABLE.analytes} == {
        "serum-magnesium": "mmol/L", "creatinine": "µmol/L", "egfr": "mL/min/1.73m2",
        "vitamin-b12": "pmol/L", "hba1c": "%", "rbc-magnesium": "mmol/L", "mma": "nmol/L",
        "glucose": "mmol/L", "potassium": "mmol/L", "calcium": "mmol/L",
    }  # fmt: skip


def test_factors_follow_from_the_molar_masses() -> None:
    # Molar masses: Mg 24.305 (atomic weight), creatinine C4H7N3O 113.12, cyanocobalamin 1355.4
    assert molmass.Formula("Mg").mass == pytest.approx(24.305, abs=0.001)
    assert molmass.Formula("C4H7N3O").mass == pytest.approx(113.12, abs=0.005)
    assert molmass.Formula("C63H88CoN14O14P").mass == pytest.approx(1355.4, abs=0.05)
    mg, creatinine, b12 = (_analyte(i) for i in ("serum-magnesium", "creatinine", "vitamin-b12"))
    assert mg.unit("mg/dL").factor == pytest.approx(10 / 24.305, rel=1e-9)  # type: ignore[union-attr]
    assert mg.unit("mEq/L").factor == 1 / 2  # type: ignore[union-attr]
    assert creatinine.unit("mg/dL").factor == pytest.approx(10_000 / 113.12, rel=1e-9)  # type: ignore[union-attr]
    assert b12.unit("pg/mL").factor == pytest.approx(1000 / 1355.4, rel=1e-9)  # type: ignore[union-attr]


def test_new_factors_follow_from_the_molar_masses_and_valences() -> None:
    # Glucose C6H12O6 180.156 g/mol; calcium 40.078 (divalent); potassium monovalent
    assert molmass.Formula("C6H12O6").mass == pytest.approx(180.156, abs=0.001)
    assert molmass.Formula("Ca").mass == pytest.approx(40.078, abs=0.001)
    glucose, calcium, potassium, rbc = (
        _analyte(i) for i in ("glucose", "calcium", "potassium", "rbc-magnesium")
    )
    assert glucose.unit("mg/dL").factor == pytest.approx(10 / 180.156, rel=1e-9)  # type: ignore[union-attr]
    assert calcium.unit("mg/dL").factor == pytest.approx(10 / 40.078, rel=1e-9)  # type: ignore[union-attr]
    assert calcium.unit("mEq/L").factor == 1 / 2  # type: ignore[union-attr]
    assert potassium.unit("mEq/L").factor == 1  # type: ignore[union-attr]
    assert rbc.unit("mg/dL").factor == pytest.approx(10 / 24.305, rel=1e-9)  # type: ignore[union-attr]
    cited = {
        (a.id, u.unit): [c.ref for c in u.conversion.citations]
        for a in (glucose, calcium, potassium)
        for u in a.units
        if u.conversion
    }
    assert cited == {
        ("glucose", "mg/dL"): ["iupac-atomic-weights"],
        ("calcium", "mg/dL"): ["iupac-atomic-weights"],
        ("calcium", "mEq/L"): ["merck-manual-conversion-tables"],
        ("potassium", "mEq/L"): ["merck-manual-conversion-tables"],
    }


def test_creatinine_factor_is_computed_not_quoted() -> None:
    conversion = _analyte("creatinine").unit("mg/dL").conversion  # type: ignore[union-attr]
    assert conversion is not None and conversion.basis == "computed"
    assert conversion.note and "113.12" in conversion.note and "UNCONFIRMED" in conversion.note
    assert [c.ref for c in conversion.citations] == ["iupac-atomic-weights"]


def test_hba1c_master_equation_is_cited_as_secondary() -> None:
    conversion = _analyte("hba1c").unit("mmol/mol").conversion  # type: ignore[union-attr]
    assert conversion is not None
    assert (conversion.basis, conversion.evidence) == ("source", "secondary")
    assert [c.ref for c in conversion.citations] == ["hoelzel-2004-ifcc-hba1c"]
    source = load_citations()["hoelzel-2004-ifcc-hba1c"]
    assert (source.journal, source.year, source.details, source.evidence) == (
        "Clin Chem",
        2004,
        "50:166-74",
        "secondary",
    )
    assert source.note and "Not in the project's clinical fact dossier" in source.note


# --- limits --------------------------------------------------------------------------------------

# (analyte, role): (unit, above, at_least, below, at_most, basis, evidence)
PR, SEC = "product rule", "secondary"
Row = tuple[str, float | None, float | None, float | None, float | None, str, str | None]
LIMITS: dict[tuple[str, str], Row | None] = {
    ("serum-magnesium", "plausible"): ("mmol/L", None, 0.1, None, 10, PR, None),
    ("serum-magnesium", "reference_range"): ("mmol/L", None, 0.75, None, 0.95, "source", "primary"),
    ("serum-magnesium", "critical_low"): ("mmol/L", None, None, 0.5, None, PR, SEC),
    ("serum-magnesium", "critical_high"): ("mEq/L", None, 3.5, None, None, PR, SEC),
    ("creatinine", "plausible"): ("µmol/L", None, 10, None, 2500, PR, None),
    ("creatinine", "reference_range"): None,
    ("creatinine", "critical_low"): None,
    ("creatinine", "critical_high"): None,
    ("egfr", "plausible"): ("mL/min/1.73m2", None, 1, None, 200, PR, None),
    ("egfr", "reference_range"): None,
    ("egfr", "critical_low"): None,
    ("egfr", "critical_high"): None,
    ("vitamin-b12", "plausible"): ("pmol/L", None, 10, None, 10000, PR, None),
    ("vitamin-b12", "reference_range"): ("pg/mL", None, 200, None, None, PR, SEC),
    ("vitamin-b12", "critical_low"): None,
    ("vitamin-b12", "critical_high"): None,
    ("hba1c", "plausible"): ("%", None, 3, None, 20, PR, None),
    ("hba1c", "reference_range"): None,
    ("hba1c", "critical_low"): None,
    ("hba1c", "critical_high"): None,
    ("rbc-magnesium", "plausible"): ("mmol/L", None, 0.2, None, 10, PR, None),
    ("mma", "plausible"): ("nmol/L", None, 10, None, 500000, PR, None),
    ("glucose", "plausible"): ("mmol/L", None, 0.1, None, 150, PR, None),
    ("potassium", "plausible"): ("mmol/L", None, 0.5, None, 15, PR, None),
    ("calcium", "plausible"): ("mmol/L", None, 0.25, None, 7.5, PR, None),
    **{
        (analyte, role): None
        for analyte in ("rbc-magnesium", "mma", "glucose", "potassium", "calcium")
        for role in ("reference_range", "critical_low", "critical_high")
    },
}  # fmt: skip


def _row(band: Band | None) -> Row | None:
    if band is None:
        return None
    return (band.unit, band.above, band.at_least, band.below, band.at_most, band.basis,
            band.evidence)  # fmt: skip


def test_every_limit_pinned() -> None:
    actual = {
        (a.id, role): _row(getattr(a, role))
        for a in TABLE.analytes
        for role in ("plausible", "reference_range", "critical_low", "critical_high")
    }
    assert actual == LIMITS


# (analyte, kind, unit, above, at_least, below, at_most, basis, evidence, cited refs)
BANDS = [
    ("serum-magnesium", "bands", "mg/dL", None, None, 1.0, None, "source", "secondary",
     ["vanderbilt-im-hypomagnesemia"]),
    ("serum-magnesium", "bands", "mmol/L", None, 0.75, None, 0.85, "source", "secondary",
     ["arnaud-2008-magnesium-status"]),
    ("serum-magnesium", "bands", "mEq/L", None, 2, None, 4, "source", "secondary",
     ["medscape-766604-hypermagnesemia"]),
    ("serum-magnesium", "bands", "mEq/L", None, 3.5, None, 5, "source", "secondary",
     ["medscape-766604-hypermagnesemia"]),
    ("serum-magnesium", "bands", "mEq/L", None, 5, None, 6, "source", "secondary",
     ["medscape-766604-hypermagnesemia"]),
    ("serum-magnesium", "bands", "mEq/L", None, 8, None, 10, "source", "secondary",
     ["medscape-766604-hypermagnesemia"]),
    ("serum-magnesium", "bands", "mEq/L", 10, None, None, None, "source", "secondary",
     ["medscape-766604-hypermagnesemia"]),
    ("serum-magnesium", "alternatives", "mg/dL", None, 1.46, None, 2.68, "source", "secondary",
     ["statpearls-hypomagnesemia"]),
    ("vitamin-b12", "bands", "pg/mL", None, None, 170, None, "source", "primary",
     ["kancherla-2017-metformin-b12"]),
    ("vitamin-b12", "bands", "ng/L", None, None, 145, None, "source", "secondary",
     ["ruh-bath-b12"]),
    ("vitamin-b12", "bands", "ng/L", None, 145, None, 180, "source", "secondary",
     ["ruh-bath-b12"]),
    ("vitamin-b12", "bands", "pg/mL", None, 200, None, 300, "source", "secondary",
     ["examine-vitamin-b12", "longo-2019-b12"]),
    # recorded for clinicians, never applied (no flag for these tests)
    ("rbc-magnesium", "alternatives", "mmol/L", None, None, 2.3, None, "source", "primary",
     ["t1d-magnesium-5-year", "engelen-2000-magnesium-t1d"]),
    ("mma", "alternatives", "nmol/L", None, None, None, 378, "source", "secondary",
     ["allina-labs-b12-mma"]),
]  # fmt: skip


def test_every_band_pinned() -> None:
    actual = [
        (a.id, kind, b.unit, b.above, b.at_least, b.below, b.at_most, b.basis, b.evidence,
         [c.ref for c in b.citations])
        for a in TABLE.analytes
        for kind in ("bands", "alternatives")
        for b in getattr(a, kind)
    ]  # fmt: skip
    assert actual == BANDS


def test_limit_citations() -> None:
    mg, b12 = _analyte("serum-magnesium"), _analyte("vitamin-b12")
    refs = {
        "mg range": [(c.ref, c.locator) for c in mg.reference_range.citations],  # type: ignore[union-attr]
        "mg low": [c.ref for c in mg.critical_low.citations],  # type: ignore[union-attr]
        "mg high": [c.ref for c in mg.critical_high.citations],  # type: ignore[union-attr]
        "b12": [c.ref for c in b12.reference_range.citations],  # type: ignore[union-attr]
    }
    assert refs == {
        "mg range": [("iom-1997-dri-ca-p-mg-vitd-f", "chapter 6 overview; p.203")],
        "mg low": ["doctorabel-hypomagnesemia", "vanderbilt-im-hypomagnesemia"],
        "mg high": ["medscape-766604-hypermagnesemia"],
        "b12": ["examine-vitamin-b12", "longo-2019-b12", "kancherla-2017-metformin-b12",
                "ruh-bath-b12"],
    }  # fmt: skip


def test_remarks() -> None:
    remarks = {a.id: [(r.basis, [c.ref for c in r.citations]) for r in a.remarks]
               for a in TABLE.analytes}  # fmt: skip
    assert remarks == {
        "serum-magnesium": [("source", ["iom-1997-dri-ca-p-mg-vitd-f"])],
        "creatinine": [("product rule", []), ("source", ["nkf-ckd-epi-2021"])],
        "egfr": [("product rule", ["kdigo-2012-ckd"])],
        "vitamin-b12": [("product rule", [])],
        "hba1c": [("product rule", [])],
        "rbc-magnesium": [("product rule", []), ("source", ["arnaud-2008-magnesium-status"])],
        "mma": [("product rule", []), ("product rule", [])],
        "glucose": [("product rule", [])],
        "potassium": [("product rule", [])],
        "calcium": [("product rule", []), ("product rule", [])],
    }
    assert [a.id for a in TABLE.analytes if a.gives_kdigo_stage] == ["egfr"]


def test_unconfirmed_numbers_are_not_shipped() -> None:
    """The dossier marks 1.1 mmol/L (2.6 mg/dL) and 2.9 mmol/L (7 mg/dL) UNCONFIRMED."""
    mg = _analyte("serum-magnesium")
    applied = [mg.reference_range, mg.critical_low, mg.critical_high, *mg.bands]
    ends = {(b.unit, e) for b in applied if b for e in (b.above, b.at_least, b.below, b.at_most)}
    for unconfirmed in [("mmol/L", 1.1), ("mg/dL", 2.6), ("mmol/L", 2.9), ("mg/dL", 7)]:
        assert unconfirmed not in ends
    assert _analyte("creatinine").unit("mg/dL").factor != 88.4  # type: ignore[union-attr]


def test_no_unconfirmed_range_for_red_cell_magnesium_or_mma() -> None:
    """The header promises: no red-cell magnesium range and no MMA cut-off are shipped."""
    for analyte_id in ("rbc-magnesium", "mma"):
        analyte = _analyte(analyte_id)
        assert analyte.reference_range is None and not analyte.bands
        assert (analyte.critical_low, analyte.critical_high) == (None, None)
        assert analyte.alternatives  # the number is recorded for clinicians only
        assert analyte.remarks[0].note and "UNCONFIRMED" in analyte.remarks[0].note
    assert "no guideline" in _analyte("rbc-magnesium").remarks[0].text.lower()


@pytest.mark.parametrize("analyte_id", ["glucose", "potassium", "calcium"])
def test_no_range_tests_point_to_the_lab_range(analyte_id: str) -> None:
    remark = _analyte(analyte_id).remarks[0]
    assert "range your lab prints" in remark.text or "Your lab prints its own range" in remark.text
    assert remark.note == f"The clinical fact dossier has no {analyte_id} range; none is invented."


def test_new_lab_sources() -> None:
    citations = load_citations()
    new = ["ada-2022-ch6-glycemic-targets", "allina-labs-b12-mma", "merck-manual-conversion-tables"]
    assert {name: citations[name].evidence for name in new} == dict.fromkeys(new, "secondary")
    assert all(citations[name].url for name in new)
    ada = citations["ada-2022-ch6-glycemic-targets"]
    assert (ada.doi, ada.pmid, ada.year) == ("10.2337/dc22-S006", "34964868", 2022)


# --- kidney --------------------------------------------------------------------------------------


def test_ckd_epi_2021_coefficients() -> None:
    eq = TABLE.kidney.ckd_epi_2021
    assert (eq.constant, eq.exponent_above_kappa, eq.age_base, eq.female_factor) == (
        142,
        -1.2,
        0.9938,
        1.012,
    )
    assert (eq.kappa.female, eq.kappa.male, eq.alpha.female, eq.alpha.male) == (
        0.7,
        0.9,
        -0.241,
        -0.302,
    )
    assert (eq.min_age_years, eq.creatinine_unit, eq.result_unit) == (18, "mg/dL", "mL/min/1.73m2")
    assert (eq.basis, eq.evidence) == ("source", "primary")
    assert [c.ref for c in eq.citations] == ["nkf-ckd-epi-2021", "inker-nejm-2021-ckd-epi"]
    assert [(r.evidence, [c.ref for c in r.citations]) for r in eq.limitations] == [
        ("primary", ["niddk-gfr-equations"])
    ]
    assert "about 4%" in eq.limitations[0].text


def test_kdigo_categories() -> None:
    categories = TABLE.kidney.gfr_categories
    assert [(r.category, r.at_least, r.term, r.ckd_needs_markers) for r in categories.rows] == [
        ("G1", 90, "Normal or high", True),
        ("G2", 60, "Mildly decreased", True),
        ("G3a", 45, "Mildly to moderately decreased", False),
        ("G3b", 30, "Moderately to severely decreased", False),
        ("G4", 15, "Severely decreased", False),
        ("G5", 0, "Kidney failure", False),
    ]
    assert (categories.unit, categories.evidence) == ("mL/min/1.73m2", "primary")
    assert [c.ref for c in categories.citations] == ["kdigo-2012-ckd"]


# --- meta: every value is backed -----------------------------------------------------------------


def _walk(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)


def test_every_value_cites_or_is_a_product_rule() -> None:
    cited = [v for v in _walk(TABLE) if isinstance(v, Cited)]
    assert len(cited) > 30
    for value in cited:
        if value.basis == "product rule":
            assert value.note, value
        else:
            assert value.citations and value.evidence, value


def test_every_conversion_and_code_is_backed() -> None:
    for analyte in TABLE.analytes:
        assert all(code.citations for code in analyte.loinc)
        for unit in analyte.units:
            assert (unit.unit == analyte.canonical_unit) == (unit.conversion is None)


def test_every_ref_resolves_and_primary_means_primary() -> None:
    citations = load_citations()
    check_citations("labs.yaml", TABLE, citations)
    for value in _walk(TABLE):
        if isinstance(value, Cited) and value.evidence == "primary":
            assert any(citations[c.ref].evidence == "primary" for c in value.citations), value


def test_texts_shown_to_people_are_present() -> None:
    for analyte in TABLE.analytes:
        assert all(band.text for band in analyte.bands)
        assert all(isinstance(r, Remark) and r.text for r in analyte.remarks)
        for band in (analyte.critical_low, analyte.critical_high):
            assert band is None or band.text


def test_new_sources_are_secondary() -> None:
    citations = load_citations()
    added = [
        "iupac-atomic-weights", "medicalalgorithms-magnesium-units", "doctorabel-hypomagnesemia",
        "vanderbilt-im-hypomagnesemia", "examine-vitamin-b12", "longo-2019-b12", "ruh-bath-b12",
        "hoelzel-2004-ifcc-hba1c", "loinc-codes-hl7-fhir",
    ]  # fmt: skip
    assert {name: citations[name].evidence for name in added} == dict.fromkeys(added, "secondary")


def test_load_labs_is_cached() -> None:
    assert load_labs() is load_labs()


# --- broken copies are refused -------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("citations.yaml", "labs.yaml"):
        with as_file(files("magnerve.knowledge").joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def _broken(root: Path, change: Callable[[dict[str, Any]], None]) -> str:
    path = root / "labs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_yaml_model("labs.yaml", LabTable, root=root)
    return info.value.message


def _mg(data: dict[str, Any]) -> dict[str, Any]:
    analyte: dict[str, Any] = data["analytes"][0]
    return analyte


def test_an_untouched_copy_loads(root: Path) -> None:
    assert load_yaml_model("labs.yaml", LabTable, root=root) == TABLE


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _mg(d)["units"][1].update(unit="mg/dl"), "write the unit 'mg/dl'"),
        (lambda d: _mg(d)["units"][1].pop("conversion"), "only non-canonical units carry"),
        (lambda d: _mg(d)["units"][0].update(factor=2), "needs factor 1, offset 0"),
        (lambda d: _mg(d)["units"].append(dict(_mg(d)["units"][2])), "listed only once"),
        (lambda d: _mg(d)["reference_range"].update(at_least=0.755), "more decimals than"),
        (lambda d: _mg(d)["reference_range"].update(unit="%"), "not among this test's units"),
        (lambda d: _mg(d)["reference_range"].update(above=0.7), "'above' or 'at_least'"),
        (lambda d: _mg(d)["bands"][0].update(at_most=0.9), "'below' or 'at_most'"),
        (lambda d: _mg(d)["reference_range"].update(at_least=0.99), "lower end 0.99 must be below"),
        (lambda d: _mg(d)["reference_range"].update(citations=[]), "needs citations"),
        (lambda d: _mg(d)["reference_range"].pop("evidence"), "needs evidence"),
        (lambda d: _mg(d)["critical_low"].pop("note"), "a product rule needs a note"),
        (lambda d: _mg(d)["critical_low"].update(below=0.8), "critical_low must not reach"),
        (lambda d: _mg(d)["critical_high"].update(at_least=1.8), "critical_high must not reach"),
        (lambda d: _mg(d)["critical_high"].pop("text"), "critical_high needs only a lower end"),
        (lambda d: _mg(d)["critical_low"].update(at_least=0.1), "critical_low needs only 'below'"),
        (
            lambda d: _mg(d)["plausible"].update(basis="source", evidence="secondary"),
            "plausible needs both ends",
        ),
        (lambda d: _mg(d)["plausible"].update(at_least=0), "plausible values start above zero"),
        (lambda d: _mg(d)["bands"][0].pop("text"), "bands[0] needs a text"),
        (
            lambda d: _mg(d).update(
                remarks=[], reference_range=None, critical_low=None, critical_high=None
            ),
            "a remark must say why",
        ),
        (lambda d: _mg(d).update(reference_range=None), "critical levels need a reference range"),
        (lambda d: _mg(d)["bands"][0].update(above=None, below=None), "at least one end"),
        (
            lambda d: d["analytes"][1].update(id="serum-magnesium"),
            "analyte id may appear only once",
        ),
        (lambda d: d["analytes"][1]["loinc"][0].update(code="2601-3"), "LOINC code may appear"),
        (
            lambda d: (
                d["analytes"][2].update(canonical_unit="mL/min/1.73m2", gives_kdigo_stage=True)
                or d["analytes"][0].update(gives_kdigo_stage=True)
            ),
            "KDIGO categories need mmol/L",
        ),
        (
            lambda d: d["kidney"]["gfr_categories"]["rows"][1].update(at_least=95),
            "G2 must start below G1",
        ),
        (lambda d: d["kidney"]["gfr_categories"]["rows"][5].update(at_least=5), "must start at 0"),
        (lambda d: d["kidney"]["gfr_categories"]["rows"][2].update(at_least=45.5), "whole numbers"),
        (lambda d: d["kidney"]["gfr_categories"]["rows"][1].update(category="G1"), "only once"),
        (lambda d: d["kidney"]["ckd_epi_2021"]["kappa"].update(male=0), "kappa must be above"),
        (lambda d: d["kidney"]["ckd_epi_2021"].update(constant="142"), "ckd_epi_2021.constant"),
    ],
)
def test_broken_copies_are_refused(
    root: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    message = _broken(root, change)
    assert message.startswith("labs.yaml: ")
    assert expected in message


def test_a_dangling_citation_is_refused(root: Path) -> None:
    message = _broken(
        root, lambda d: _mg(d)["reference_range"]["citations"][0].update(ref="no-such-source")
    )
    assert "analytes[0].reference_range.citations[0].ref" in message
    assert "'no-such-source' is not in citations.yaml" in message


def test_primary_must_cite_a_primary_source(root: Path) -> None:
    message = _broken(root, lambda d: _mg(d)["bands"][0].update(evidence="primary"))
    assert "analytes[0].bands[0].evidence: marked primary but cites no primary source" in message
