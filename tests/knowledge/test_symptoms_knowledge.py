"""symptoms.yaml pinned: every symptom and risk factor, how each is backed, texts, broken copies.

Changing a symptom's group, severity or red flag, or a risk factor, must fail a test here: update
the expected tables on purpose, bump knowledge/VERSION and add a "Rules changed" line.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.cited import Cited
from magnerve.domain.symptoms import SYMPTOM_GROUPS, SymptomTable
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load
from magnerve.knowledge.load import load_citations, load_medications, load_symptoms

TABLE = load_symptoms()

#: symptom id → (group, severity, red flag, overlaps)
PINNED_SYMPTOMS: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {
    "muscle-cramps": ("neuromuscular", "mild", False, ("diabetic_neuropathy",)),
    "muscle-twitching": ("neuromuscular", "mild", False, ()),
    "tremor": ("neuromuscular", "mild", False, ()),
    "muscle-weakness": (
        "neuromuscular",
        "mild",
        False,
        ("diabetic_neuropathy", "magnesium_excess"),
    ),
    "locked-muscle-spasm": ("neuromuscular", "severe", True, ()),
    "seizure": ("neuromuscular", "severe", True, ()),
    "tingling": ("sensory", "mild", False, ("diabetic_neuropathy",)),
    "numbness": ("sensory", "mild", False, ("diabetic_neuropathy",)),
    "irregular-heartbeat": ("cardiovascular", "severe", True, ()),
    "chest-pain": ("cardiovascular", "severe", True, ()),
    "fainting": ("cardiovascular", "severe", True, ()),
    "irritability": ("psychological", "mild", False, ()),
    "low-mood": ("psychological", "mild", False, ()),
    "personality-change": ("psychological", "severe", False, ()),
    "severe-confusion": ("psychological", "severe", True, ()),
    "fatigue": ("general", "mild", False, ()),
    "loss-of-appetite": ("general", "mild", False, ()),
    "nausea-vomiting": ("general", "mild", False, ("magnesium_excess",)),
    "drowsiness": ("general", "severe", True, ()),
}

#: risk factor id → how magnerve can know it
PINNED_RISKS: dict[str, dict[str, object]] = {
    "diabetes": {"profile": "diabetes"},
    "diuretic": {"medication_classes": ("loop_diuretic", "thiazide_diuretic")},
    "long-term-ppi": {"medication_classes": ("proton_pump_inhibitor",)},
    "alcohol": {"asked": True},
    "gut-disease": {"asked": True},
    "older-age": {"profile": "age", "age_at_least": 71},
}

#: items that are magnerve's own choice (basis product rule), by path
PRODUCT_RULES = {
    "symptoms.muscle-twitching",
    "symptoms.locked-muscle-spasm",
    "symptoms.fainting",
    "risk_factors.older-age",
    "texts.severe",
    "texts.urgent",
    "texts.neuropathy_overlap",
    "texts.risk_factors",
}


def _items(table: SymptomTable) -> Iterator[tuple[str, Cited]]:
    for symptom in table.symptoms:
        yield f"symptoms.{symptom.id}", symptom
    for risk in table.risk_factors:
        yield f"risk_factors.{risk.id}", risk
    for name in type(table.texts).model_fields:
        yield f"texts.{name}", getattr(table.texts, name)


ITEMS = dict(_items(TABLE))


def test_every_symptom_is_pinned() -> None:
    assert {
        s.id: (s.group, s.severity, s.red_flag, s.overlaps) for s in TABLE.symptoms
    } == PINNED_SYMPTOMS
    assert list(TABLE.symptom_ids) == list(PINNED_SYMPTOMS)  # the display order too


def test_every_group_is_used_in_order() -> None:
    assert SYMPTOM_GROUPS == (
        "neuromuscular",
        "sensory",
        "cardiovascular",
        "psychological",
        "general",
    )
    groups = [s.group for s in TABLE.symptoms]
    assert sorted(set(groups), key=SYMPTOM_GROUPS.index) == list(SYMPTOM_GROUPS)
    assert groups == sorted(groups, key=SYMPTOM_GROUPS.index)  # listed group by group


def test_every_risk_factor_is_pinned() -> None:
    found = {r.id: r.detected_by.model_dump(exclude_defaults=True) for r in TABLE.risk_factors}
    assert found == PINNED_RISKS


def test_the_brief_red_flags_and_neuropathy_overlaps() -> None:
    red = {s.id for s in TABLE.symptoms if s.red_flag}
    assert {"seizure", "irregular-heartbeat", "severe-confusion", "fainting"} <= red
    assert all(TABLE.symptoms[TABLE.symptom_ids.index(i)].severity == "severe" for i in red)
    overlapping = {s.id for s in TABLE.symptoms if "diabetic_neuropathy" in s.overlaps}
    assert {"tingling", "numbness", "muscle-cramps"} <= overlapping


def test_medicine_classes_exist_in_the_medicines_table() -> None:
    classes = {c.id for c in load_medications().classes}
    used = {c for r in TABLE.risk_factors for c in r.detected_by.medication_classes}
    assert used == {"loop_diuretic", "thiazide_diuretic", "proton_pump_inhibitor"}
    assert used <= classes


def test_product_rules_are_the_expected_ones() -> None:
    assert {path for path, item in ITEMS.items() if item.basis == "product rule"} == PRODUCT_RULES


@pytest.mark.parametrize("path", sorted(ITEMS))
def test_each_item_is_backed(path: str) -> None:
    item = ITEMS[path]
    citations = load_citations()
    assert all(ref.ref in citations for ref in item.citations)
    if item.basis == "product rule":
        assert item.note and item.note.strip()
    else:
        assert item.basis == "source"
        assert item.citations and item.evidence is not None
        if item.evidence == "primary":
            assert any(citations[ref.ref].evidence == "primary" for ref in item.citations)


def test_primary_evidence_where_a_primary_source_is_cited() -> None:
    primary = {path for path, item in ITEMS.items() if item.evidence == "primary"}
    assert primary == {"risk_factors.diuretic", "risk_factors.long-term-ppi", "texts.many_causes"}


def test_labels_are_plain_words() -> None:
    for path, item in ITEMS.items():
        label = getattr(item, "label", None)
        if label is None:
            continue
        assert label[0].isupper(), path
        assert not label.endswith("."), path
        assert '"' not in label, path  # labels are quoted in the answer


def test_the_texts_say_what_the_brief_asks() -> None:
    texts = TABLE.texts
    assert texts.urgent.text.startswith("Seek medical care now")
    assert "many causes" in texts.many_causes.text
    assert "A serum magnesium test (a blood test) would tell more" in texts.many_causes.text
    assert "diabetic neuropathy" in texts.neuropathy_overlap.text.lower()
    for path, item in ITEMS.items():
        words = str(getattr(item, "text", None) or getattr(item, "label", "")).lower()
        assert words, path
        assert "you have" not in words and "diagnos" not in words, path


def test_loaded_once_and_checked_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_symptoms() is load_symptoms()
    called: list[bool] = []

    def spy() -> SymptomTable:
        called.append(True)
        return TABLE

    monkeypatch.setattr(load, "load_symptoms", spy)
    load.validate_knowledge()
    assert called == [True]


# --- broken copies --------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    package = files("magnerve.knowledge")
    for name in ("symptoms.yaml", "citations.yaml"):
        with as_file(package.joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    yield tmp_path


def _edit(root: Path, old: str, new: str, *, count: int = 1) -> None:
    path = root / "symptoms.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _load(root: Path) -> SymptomTable:
    return load.load_yaml_model("symptoms.yaml", SymptomTable, root=root)


def test_an_untouched_copy_loads(root: Path) -> None:
    assert _load(root) == TABLE


TREMOR = "  - id: tremor\n    label: Shaking or trembling (tremor)\n    group: neuromuscular\n"
SEIZURE = "    severity: severe\n    red_flag: true\n    overlaps: []\n    basis: source\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (TREMOR + "    severity: mild\n    red_flag: false",
         TREMOR + "    severity: mild\n    red_flag: true",
         "symptom 'tremor' is a red flag, so its severity must be severe"),
        ("  - id: tremor\n", "  - id: fatigue\n", "symptom id 'fatigue' is used more than once"),
        ("label: Numbness\n", "label: Numbness\n    colour: red\n",
         "Extra inputs are not permitted"),
        ("label: Numbness\n", "label: Tiredness or low energy\n",
         "symptom label 'tiredness or low energy' is used more than once"),
        ("  - id: tremor\n", "  - id: Tremor\n", "String should match pattern"),
        ("  - id: alcohol\n", "  - id: tremor\n",
         "ids used for both a symptom and a risk factor: ['tremor']"),
        ("group: sensory\n", "group: skin\n", "Input should be 'neuromuscular'"),
        ("severity: mild\n", "severity: moderate\n", "Input should be 'mild' or 'severe'"),
        ("overlaps: [magnesium_excess]", "overlaps: [anxiety]",
         "Input should be 'diabetic_neuropathy' or 'magnesium_excess'"),
        ("overlaps: [diabetic_neuropathy]", "overlaps: [diabetic_neuropathy, diabetic_neuropathy]",
         "lists an overlap more than once"),
        ("red_flag: true", "red_flag: false", "no symptom is a red flag"),
        ("red_flag: false\n", 'red_flag: "no"\n', "Input should be a valid boolean"),
        (SEIZURE + "    evidence: secondary\n", SEIZURE, "needs evidence"),
        ("    basis: product rule\n    note: >-\n      The sources list twitching",
         "    basis: product rule\n    notes: >-\n      The sources list twitching",
         "Extra inputs are not permitted"),
        ("{ref: statpearls-hypomagnesemia,", "{ref: statpearls-no-such-page,",
         "citation 'statpearls-no-such-page' is not in citations.yaml"),
        ("{ref: fda-ppi-2011, locator: Drug Safety Communication}",
         "{ref: statpearls-hypomagnesemia, locator: overview}",
         "marked primary but cites no primary source"),
        ("[proton_pump_inhibitor]", "[antacid]", "Input should be 'bisphosphonate'"),
        ("[loop_diuretic, thiazide_diuretic]", "[loop_diuretic, loop_diuretic]",
         "medication_classes lists a class more than once"),
        ("detected_by: {asked: true}", "detected_by: {asked: true, profile: diabetes}",
         "give exactly one of profile, medication_classes or asked: true"),
        ("detected_by: {asked: true}", "detected_by: {asked: false}",
         "give exactly one of profile, medication_classes or asked: true"),
        ("{profile: age, age_at_least: 71}", "{profile: age}", "age_at_least goes with"),
        ("detected_by: {profile: diabetes}", "detected_by: {profile: diabetes, age_at_least: 40}",
         "age_at_least goes with"),
        ("detected_by: {profile: diabetes}", "detected_by: {profile: weight}",
         "Input should be 'diabetes' or 'age'"),
        ("Seek medical care now because you chose {red_flags}.",
         "Seek medical care now.", "urgent: placeholders must be {red_flags}, found none"),
        ("which the sources list", "which {the_sources} list",
         "severe: placeholders must be {symptoms}, found {symptoms}, {the_sources}"),
        ("more likely:\n      {risk_factors}.", "more likely:\n      {risk_factors!r}.",
         "must be a bare placeholder name"),
        ("  many_causes:\n", "  many_reasons:\n", "texts.many_causes: Field required"),
    ],
)  # fmt: skip
def test_broken_copies_are_refused(root: Path, old: str, new: str, message: str) -> None:
    _edit(root, old, new, count=-1 if message == "no symptom is a red flag" else 1)
    with pytest.raises(KnowledgeError) as error:
        _load(root)
    assert error.value.message.startswith("symptoms.yaml")
    assert message in error.value.message


def test_a_product_rule_without_a_note_is_refused(root: Path) -> None:
    _edit(
        root,
        "    basis: product rule\n    note: >-\n      The sources list twitching muscles "
        "(fasciculations, muscle fibrillations) among the signs of\n      low magnesium without "
        "saying how low. On its own, twitching is common and harmless more\n      often than "
        "not, so magnerve counts it as a milder sign.\n",
        "    basis: product rule\n",
    )
    with pytest.raises(KnowledgeError) as error:
        _load(root)
    assert error.value.message.startswith("symptoms.yaml: symptoms[1]")
    assert "a product rule needs a note saying why" in error.value.message
