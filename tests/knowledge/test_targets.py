"""Every shipped target value, pinned; and meta-tests over the cited knowledge data.

Changing a value in targets.yaml must fail a test here: update the expected table on purpose,
bump knowledge/VERSION and add a "Rules changed" line to the changelog.
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
import yaml

from magnerve.domain.reference import AGE_LIMIT, BandRow, CitationRef, TargetTable
from magnerve.knowledge.load import (
    VERSION_PATTERN,
    check_citations,
    knowledge_version,
    load_citations,
    load_targets,
)

TOP = AGE_LIMIT

# (table, age_from, age_to, sex, state, value, kind, evidence). Ages: age_from <= age < age_to.
EXPECTED: list[tuple[str, float, float, str, str, float | None, str | None, str]] = [
    # Magnesium RDA/AI, mg/day (IOM 1997; children and adults via nutri-facts [S])
    ("magnesium_rda", 0, 0.5, "any", "none", 30, "AI", "secondary"),
    ("magnesium_rda", 0.5, 1, "any", "none", 75, "AI", "secondary"),
    ("magnesium_rda", 1, 4, "any", "none", 80, "RDA", "secondary"),
    ("magnesium_rda", 4, 9, "any", "none", 130, "RDA", "secondary"),
    ("magnesium_rda", 9, 14, "any", "none", 240, "RDA", "secondary"),
    ("magnesium_rda", 14, 19, "male", "none", 410, "RDA", "secondary"),
    ("magnesium_rda", 14, 19, "female", "none", 360, "RDA", "secondary"),
    ("magnesium_rda", 19, 31, "male", "none", 400, "RDA", "secondary"),
    ("magnesium_rda", 19, 31, "female", "none", 310, "RDA", "secondary"),
    ("magnesium_rda", 31, TOP, "male", "none", 420, "RDA", "secondary"),
    ("magnesium_rda", 31, TOP, "female", "none", 320, "RDA", "secondary"),
    ("magnesium_rda", 14, 19, "female", "pregnant", 400, "RDA", "primary"),
    ("magnesium_rda", 19, 31, "female", "pregnant", 350, "RDA", "primary"),
    ("magnesium_rda", 31, 51, "female", "pregnant", 360, "RDA", "primary"),
    ("magnesium_rda", 14, 19, "female", "lactating", 360, "RDA", "primary"),
    ("magnesium_rda", 19, 31, "female", "lactating", 310, "RDA", "primary"),
    ("magnesium_rda", 31, 51, "female", "lactating", 320, "RDA", "primary"),
    # Supplemental magnesium UL, mg/day
    ("magnesium_supplement_ul", 0, 1, "any", "none", None, None, "secondary"),
    ("magnesium_supplement_ul", 1, 4, "any", "none", 65, None, "secondary"),
    ("magnesium_supplement_ul", 4, 9, "any", "none", 110, None, "secondary"),
    ("magnesium_supplement_ul", 9, 19, "any", "none", 350, None, "secondary"),
    ("magnesium_supplement_ul", 19, TOP, "any", "none", 350, None, "primary"),
    ("magnesium_supplement_ul", 14, 51, "female", "pregnant", 350, None, "secondary"),
    ("magnesium_supplement_ul", 14, 51, "female", "lactating", 350, None, "secondary"),
    # Vitamin B12 RDA/AI, µg/day (IOM 1998 pp.339-342; children via nutri-facts [S])
    ("vitamin_b12_rda", 0, 0.5, "any", "none", 0.4, "AI", "secondary"),
    ("vitamin_b12_rda", 0.5, 1, "any", "none", 0.5, "AI", "secondary"),
    ("vitamin_b12_rda", 1, 4, "any", "none", 0.9, "RDA", "secondary"),
    ("vitamin_b12_rda", 4, 9, "any", "none", 1.2, "RDA", "secondary"),
    ("vitamin_b12_rda", 9, 14, "any", "none", 1.8, "RDA", "secondary"),
    ("vitamin_b12_rda", 14, 51, "any", "none", 2.4, "RDA", "primary"),
    ("vitamin_b12_rda", 51, TOP, "any", "none", 2.4, "RDA", "primary"),
    ("vitamin_b12_rda", 14, 51, "female", "pregnant", 2.6, "RDA", "primary"),
    ("vitamin_b12_rda", 14, 51, "female", "lactating", 2.8, "RDA", "primary"),
]

TABLES = ("magnesium_rda", "magnesium_supplement_ul", "vitamin_b12_rda")


def _rows(table: TargetTable, name: str) -> tuple[BandRow, ...]:
    rows: tuple[BandRow, ...] = getattr(table, name).rows
    return rows


def _key(name: str, row: BandRow) -> tuple[str, float, float, str, str]:
    return (name, row.age_from, row.age_to, row.sex, row.state)


def _id(case: tuple[object, ...]) -> str:
    name, lo, hi, sex, state, *_ = case
    return f"{name}-{lo:g}-{hi:g}-{sex}-{state}"


@pytest.mark.parametrize("case", EXPECTED, ids=[_id(c) for c in EXPECTED])
def test_each_value(
    case: tuple[str, float, float, str, str, float | None, str | None, str],
) -> None:
    name, lo, hi, sex, state, value, kind, evidence = case
    matches = [
        r for r in _rows(load_targets(), name) if _key(name, r) == (name, lo, hi, sex, state)
    ]
    assert len(matches) == 1, f"expected exactly one row for {case}"
    row = matches[0]
    assert getattr(row, "value") == value  # noqa: B009 - BandRow subclasses declare value
    assert getattr(row, "kind", None) == kind
    assert row.evidence == evidence


def test_no_rows_beyond_the_expected_table() -> None:
    table = load_targets()
    actual = sorted(_key(name, r) for name in TABLES for r in _rows(table, name))
    assert actual == sorted(c[:5] for c in EXPECTED)


def test_units() -> None:
    table = load_targets()
    assert table.magnesium_rda.unit == "mg/day"
    assert table.magnesium_supplement_ul.unit == "mg/day"
    assert table.vitamin_b12_rda.unit == "µg/day"


def test_pregnancy_and_lactation_magnesium_cite_the_dri_pages() -> None:
    for row in load_targets().magnesium_rda.rows:
        if row.state == "pregnant":
            assert [(c.ref, c.locator) for c in row.citations] == [
                ("iom-1997-dri-ca-p-mg-vitd-f", "p.239")
            ]
        if row.state == "lactating":
            assert [(c.ref, c.locator) for c in row.citations] == [
                ("iom-1997-dri-ca-p-mg-vitd-f", "p.241")
            ]


def test_b12_values_cite_iom_1998_pages() -> None:
    for row in load_targets().vitamin_b12_rda.rows:
        assert ("iom-1998-dri-b-vitamins", "pp.339–342") in [
            (c.ref, c.locator) for c in row.citations
        ]


def test_ul_says_it_covers_supplements_and_medicines_not_food() -> None:
    ul = load_targets().magnesium_supplement_ul
    assert "supplements and medicines" in ul.covers
    assert "food and water does not count" in ul.covers
    assert ("iom-1997-dri-ca-p-mg-vitd-f", "p.242") in [
        (c.ref, c.locator) for c in ul.covers_citations
    ]


def test_efsa_limit_is_recorded_but_not_used() -> None:
    ul = load_targets().magnesium_supplement_ul
    assert [(a.body, a.value, a.age_from, a.evidence) for a in ul.alternatives] == [
        ("EFSA", 250, 4, "secondary")
    ]
    assert 250 not in {r.value for r in ul.rows}


def test_infant_limit_is_not_established_and_says_why() -> None:
    infant = load_targets().magnesium_supplement_ul.rows[0]
    assert infant.value is None
    assert infant.note and "No upper level" in infant.note


# --- meta-tests over citations ---------------------------------------------------------------


def _raw_citations() -> list[dict[str, object]]:
    text = files("magnerve.knowledge").joinpath("citations.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text)["citations"])


def test_citation_ids_are_unique_and_kebab_case() -> None:
    ids = [str(c["id"]) for c in _raw_citations()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_every_citation_can_be_found() -> None:
    for citation in load_citations().values():
        assert citation.pmid or citation.doi or citation.url or citation.locator, citation.id
        assert citation.organisation or citation.journal, citation.id


def test_every_ref_in_targets_resolves() -> None:
    citations = load_citations()
    table = load_targets()
    refs: list[CitationRef] = []
    for name in TABLES:
        for row in _rows(table, name):
            refs.extend(row.citations)
    refs.extend(table.magnesium_supplement_ul.covers_citations)
    for alternative in table.magnesium_supplement_ul.alternatives:
        refs.extend(alternative.citations)
    assert refs
    assert all(ref.ref in citations and ref.locator for ref in refs)
    check_citations("targets.yaml", table, citations)


def test_primary_values_cite_a_primary_source() -> None:
    citations = load_citations()
    table = load_targets()
    for name in TABLES:
        for row in _rows(table, name):
            if row.evidence == "primary":
                assert any(citations[c.ref].evidence == "primary" for c in row.citations), row


@pytest.mark.parametrize(
    ("cid", "field", "expected"),
    [
        ("iom-1997-dri-ca-p-mg-vitd-f", "doi", "10.17226/5776"),
        ("iom-1997-dri-ca-p-mg-vitd-f", "evidence", "primary"),
        ("iom-1998-dri-b-vitamins", "locator", "nap.edu openbook record 6015"),
        ("nutri-facts-magnesium-intake", "evidence", "secondary"),
        ("nutri-facts-magnesium-safety", "evidence", "secondary"),
        ("nutri-facts-vitamin-b12", "evidence", "secondary"),
        ("kdigo-2012-ckd", "doi", "10.1038/kisup.2012.64"),
        ("clin-pharmacol-ther-1989-cipro", "pmid", "2598571"),
        ("davies-fraser-1993-diuretics", "pmid", "8373706"),
        ("kancherla-2017-metformin-b12", "pmid", "28182265"),
        ("didangelos-2021-b12-dpn", "doi", "10.3390/nu13020395"),
        ("ziegler-2011-nathan-1", "pmid", "21775755"),
        ("gullo-2014-ala-ias", "pmid", "24111525"),
        ("magnes-res-2001-bioavailability", "pmid", "11794633"),
        ("ada-2026-ch12", "doi", "10.2337/dc26-S012"),
        ("ada-2026-ch12", "pmid", "41358886"),
        ("aan-2022-painful-dpn", "doi", "10.1212/WNL.0000000000013038"),
        ("farrar-2001-pain-nrs", "pmid", "11690728"),
        ("farrar-2001-pain-nrs", "doi", "10.1016/S0304-3959(01)00349-9"),
        ("dworkin-2008-immpact", "doi", "10.1016/j.jpain.2007.09.005"),
        ("fda-ppi-2011", "url", "https://fda.gov/drugs/drugsafety/ucm245011.htm"),
        ("emc-12118-magnesium-kora", "url", "https://medicines.org.uk/emc/product/12118"),
        ("tang-2016-sglt2-magnesium", "doi", "10.1007/s00125-016-4101-6"),
    ],
)
def test_identifiers_as_the_dossier_gives_them(cid: str, field: str, expected: str) -> None:
    assert getattr(load_citations()[cid], field) == expected


def test_sources_later_features_will_cite_are_present() -> None:
    wanted = {
        "inker-nejm-2021-ckd-epi", "kdigo-2012-ckd", "farrar-2001-pain-nrs",
        "dworkin-2008-immpact", "fda-ppi-2011", "emc-12118-magnesium-kora",
        "emc-2678-magnesium", "emc-11577-magnesium-glycerophosphate",
        "clin-pharmacol-ther-1989-cipro", "yagi-2012-gabapentin", "davies-fraser-1993-diuretics",
        "kancherla-2017-metformin-b12", "didangelos-2021-b12-dpn", "nice-esuom4",
        "ada-2026-ch12", "aan-2022-painful-dpn", "gullo-2014-ala-ias", "ziegler-2006-sydney-2",
        "walker-2003-magnesium-forms", "magnes-res-2001-bioavailability",
        "statpearls-hypomagnesemia",
    }  # fmt: skip
    assert wanted <= set(load_citations())


def test_version_format() -> None:
    version = knowledge_version()
    assert VERSION_PATTERN.fullmatch(version)
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", version)
