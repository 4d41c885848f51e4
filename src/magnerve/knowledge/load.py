"""Read and validate the shipped knowledge files. Loaded once per process, then cached.

Every family of knowledge (targets, labs, rules, forms, …) is one YAML file in this package,
validated by a strict pydantic model (unknown keys, duplicate keys and wrong types are refused)
and checked against ``citations.yaml``: every ``{ref: …}`` must name a known source, and a value
marked ``evidence: primary`` must cite at least one primary source. Any problem raises
:class:`~magnerve.errors.KnowledgeError` naming the file and the path inside it
(``targets.yaml: magnesium_rda.rows[3].sex: …``) — a broken release, never the user's fault.

Later families reuse :func:`load_yaml_model`::

    labs = load_yaml_model("labs.yaml", LabTable)

YAML lists arrive as tuples, so knowledge models declare ``tuple[X, ...]`` fields.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from magnerve.domain.labs import LabTable
from magnerve.domain.reference import Citation, CitationFile, CitationRef, TargetTable
from magnerve.domain.rules import RuleFamily, RuleFile, RuleSet
from magnerve.errors import KnowledgeError

if TYPE_CHECKING:
    from magnerve.domain.lab_schedule import LabScheduleSettings
    from magnerve.domain.medications import MedicationTable
    from magnerve.domain.plan_settings import PlanSettings
    from magnerve.domain.supplements import FormTable
    from magnerve.domain.symptoms import SymptomTable
    from magnerve.domain.trials import TrialSettings

PACKAGE = "magnerve.knowledge"
CITATIONS_FILE = "citations.yaml"
VERSION_FILE = "VERSION"
#: ``YYYY.MM.N``: the year and month of the change, then a counter.
VERSION_PATTERN = re.compile(r"^20[0-9]{2}\.(?:[1-9]|1[0-2])\.[0-9]+$")

M = TypeVar("M", bound=BaseModel)

_HINT = "The knowledge data shipped with magnerve is broken; please report this as a bug."

try:  # libyaml is several times faster; fall back to the pure-Python parser without it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _StrictLoader(_BaseLoader):
    """Safe YAML loading that refuses duplicate keys and returns sequences as tuples."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    loader.flatten_mapping(node)
    result: dict[Hashable, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> tuple[Any, ...]:
    return tuple(loader.construct_sequence(node, deep=True))


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def _fail(name: str, path: str, message: str) -> KnowledgeError:
    where = f"{name}: {path}" if path else name
    return KnowledgeError(f"{where}: {message}", hint=_HINT, details={"file": name, "path": path})


def _read_text(name: str, root: Traversable) -> str:
    try:
        return root.joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(name, "", f"cannot be read ({exc.__class__.__name__})") from exc


def _parse_yaml(name: str, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise _fail(name, line, f"not valid YAML: {problem}") from exc


def _loc(parts: tuple[int | str, ...]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _validate(name: str, data: Any, model: type[M]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise _fail(name, _loc(first["loc"]), f"{message}{more}") from exc


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    yield path, value
    if isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _walk(getattr(value, field), f"{path}.{field}" if path else field)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))


def check_citations(name: str, model: BaseModel, citations: dict[str, Citation]) -> None:
    """Every ``ref`` resolves; anything marked primary cites at least one primary source."""
    found = list(_walk(model, ""))
    for path, value in found:
        if isinstance(value, CitationRef) and value.ref not in citations:
            raise _fail(name, f"{path}.ref", f"citation '{value.ref}' is not in {CITATIONS_FILE}")
    for path, value in found:
        refs = getattr(value, "citations", None)
        if getattr(value, "evidence", None) == "primary" and isinstance(refs, tuple):
            cited = [citations[r.ref] for r in refs if isinstance(r, CitationRef)]
            if not any(c.evidence == "primary" for c in cited):
                raise _fail(name, f"{path}.evidence", "marked primary but cites no primary source")


def _load(name: str, model: type[M], root: Traversable) -> M:
    result = _validate(name, _parse_yaml(name, _read_text(name, root)), model)
    if name != CITATIONS_FILE:
        if root is _package_root():
            citations = load_citations()
        else:
            index = _validate(
                CITATIONS_FILE,
                _parse_yaml(CITATIONS_FILE, _read_text(CITATIONS_FILE, root)),
                CitationFile,
            )
            citations = {c.id: c for c in index.citations}
        check_citations(name, result, citations)
    return result


@functools.cache
def _package_root() -> Traversable:
    return files(PACKAGE)


@functools.cache
def _load_packaged(name: str, model: type[BaseModel]) -> BaseModel:
    return _load(name, model, _package_root())


def load_yaml_model(name: str, model: type[M], *, root: Traversable | None = None) -> M:
    """Load ``name`` (a file in the knowledge package, or under ``root``) as ``model``.

    Packaged files are cached for the life of the process; a ``root`` (tests, tools) is read
    afresh each time, with its own ``citations.yaml``.
    """
    result = _load_packaged(name, model) if root is None else _load(name, model, root)
    if not isinstance(result, model):  # pragma: no cover - the cache is keyed by model
        raise TypeError(f"{name} was cached as {type(result).__name__}")
    return result


@functools.cache
def _citation_index() -> dict[str, Citation]:
    index = load_yaml_model(CITATIONS_FILE, CitationFile)
    return {citation.id: citation for citation in index.citations}


def load_citations() -> dict[str, Citation]:
    """Every source, by id. A fresh dict each call (the citations themselves are immutable)."""
    return dict(_citation_index())


def load_targets() -> TargetTable:
    """Intake targets (magnesium, vitamin B12) and the supplemental magnesium limit."""
    return load_yaml_model("targets.yaml", TargetTable)


RULES_DIR = "rules"
#: Ids of rules that were removed. One id a line (``#`` starts a comment); never reused.
RETIRED_FILE = "RETIRED"


def _rule_files(root: Traversable) -> list[str]:
    folder = root.joinpath(RULES_DIR)
    if not folder.is_dir():
        raise _fail(RULES_DIR, "", "the rules folder is missing")
    names = sorted(item.name for item in folder.iterdir() if item.name.endswith(".yaml"))
    if not names:
        raise _fail(RULES_DIR, "", "no rule files (*.yaml)")
    return [f"{RULES_DIR}/{name}" for name in names]


def read_retired_rule_ids(root: Traversable) -> tuple[str, ...]:
    """The ids in ``rules/RETIRED`` under ``root``; empty when the file is not there."""
    retired = root.joinpath(RULES_DIR).joinpath(RETIRED_FILE)
    if not retired.is_file():
        return ()
    text = _read_text(f"{RULES_DIR}/{RETIRED_FILE}", root)
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


def _load_rule_set(root: Traversable) -> RuleSet:
    packaged = root is _package_root()
    families: list[RuleFamily] = []
    seen: dict[str, str] = {}
    retired = set(read_retired_rule_ids(root))
    for name in _rule_files(root):
        loaded = load_yaml_model(name, RuleFile, root=None if packaged else root)
        for index, rule in enumerate(loaded.rules):
            where = f"rules[{index}].id"
            if rule.id in seen:
                raise _fail(name, where, f"rule id {rule.id} is also used in {seen[rule.id]}")
            if rule.id in retired:
                raise _fail(name, where, f"rule id {rule.id} was retired and must not be reused")
            seen[rule.id] = name
        stem = name.removeprefix(f"{RULES_DIR}/").removesuffix(".yaml")
        families.append(RuleFamily(name=stem, rules=loaded.rules))
    return RuleSet(families=tuple(families))


@functools.cache
def _packaged_rules() -> RuleSet:
    return _load_rule_set(_package_root())


def load_rules(*, root: Traversable | None = None) -> RuleSet:
    """Every safety rule (``rules/*.yaml``), validated: keys from the declared vocabulary,
    placeholders that exist, citations that resolve, ids unique and never a retired id.

    Packaged rules are cached for the life of the process; a ``root`` is read afresh.
    """
    return _packaged_rules() if root is None else _load_rule_set(root)


def read_version(root: Traversable) -> str:
    """The knowledge version under ``root``, checked against :data:`VERSION_PATTERN`."""
    version = _read_text(VERSION_FILE, root).strip()
    if not VERSION_PATTERN.fullmatch(version):
        raise _fail(VERSION_FILE, "", f"'{version}' is not a version like 2026.11.1")
    return version


@functools.cache
def knowledge_version() -> str:
    """The version of the shipped knowledge data, printed on every report (e.g. ``2026.11.1``)."""
    return read_version(_package_root())


def validate_knowledge() -> str:
    """Load and check every knowledge family now (start-up, ``--check``); returns the version."""
    version = knowledge_version()
    load_citations()
    load_targets()
    load_rules()
    load_supplement_forms()
    load_medications()
    load_labs()
    load_plan_settings()
    load_lab_schedule()
    load_symptoms()
    load_trial_settings()
    return version


def load_supplement_forms() -> FormTable:
    """Magnesium supplement forms, their names and the defaults for vague names (cached)."""
    from magnerve.domain.supplements import FormTable  # molmass loads only when forms are needed

    return load_yaml_model("supplement_forms.yaml", FormTable)


def load_labs() -> LabTable:
    """Lab tests (codes, units, ranges, alert levels) and kidney function (CKD-EPI 2021, KDIGO)."""
    return load_yaml_model("labs.yaml", LabTable)


def load_medications() -> MedicationTable:
    """Medicines: the class vocabulary, ingredients with brands and RxNorm codes, combination
    brands and general terms (cached). rapidfuzz loads only when a misspelling is looked up."""
    from magnerve.domain.medications import MedicationTable

    return load_yaml_model("medications.yaml", MedicationTable)


def load_plan_settings() -> PlanSettings:
    """The day-plan and titration numbers (``plan.yaml``): dose cap, meal and grid rules, and
    the build-up schedule, each with its basis and citations (cached)."""
    from magnerve.domain.plan_settings import PlanSettings

    return load_yaml_model("plan.yaml", PlanSettings)


def load_symptoms() -> SymptomTable:
    """The deficiency screener's symptoms (group, severity, red flags), risk factors and answer
    texts (``symptoms.yaml``), each cited or marked as a product rule (cached)."""
    from magnerve.domain.symptoms import SymptomTable

    return load_yaml_model("symptoms.yaml", SymptomTable)


def load_trial_settings() -> TrialSettings:
    """The supplement-trial numbers (``trial.yaml``): the baseline and comparison weeks, the
    verdict thresholds, the confounder rules and the verdict texts, each cited (cached)."""
    from magnerve.domain.trials import TrialSettings

    return load_yaml_model("trial.yaml", TrialSettings)


def load_lab_schedule() -> LabScheduleSettings:
    """The lab schedule (``lab_schedule.yaml``): which tests are due while supplementing
    magnesium, on metformin or with diabetes, how often, and the timing rules (cached)."""
    from magnerve.domain.lab_schedule import LabScheduleSettings

    return load_yaml_model("lab_schedule.yaml", LabScheduleSettings)
