"""Checking an export file completely before anything is written.

Every problem is named by its place in the file (``people[0].tables.intake_entry[3].grams``)
and says what is allowed. A file from an older schema revision may lack columns added since
(they get their default, or are left empty); a file from a newer magnerve is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from magnerve.errors import FieldError, InvalidInput
from magnerve.storage.backup import (
    CLINIC_TABLES,
    FORMAT,
    FORMAT_VERSION,
    PERSON_TABLES,
    Scope,
    TablePlan,
    plans,
    table_names,
    tables_in,
)
from magnerve.storage.backup_values import BadValue, decode

NOTHING_IMPORTED = "Nothing was imported."
_HINT = (
    f"{NOTHING_IMPORTED} Use a file written by 'magnerve export all', unchanged; "
    "see docs/backup.md for the format."
)
_MAX_PROBLEMS = 20
_REVISION = re.compile(r"\d{4}")
_HEADER = ("format", "format_version", "schema_revision", "app_version", "knowledge_version")
_TOP_KEYS = {*_HEADER, "exported_at", "scope", "people", *CLINIC_TABLES.values()}


@dataclass
class ParsedRow:
    path: str
    #: Index in ``people`` of the row's person (the person row itself too); None for clinic rows.
    person: int | None
    #: The row's id in the file (None for a table keyed by its person).
    file_id: int | None
    #: Decoded values without the key and the owner column; references still hold file ids.
    values: dict[str, Any]


@dataclass
class ParsedDocument:
    scope: Scope
    schema_revision: str
    #: table → rows in the order to insert them (a row another row points at first).
    rows: dict[str, list[ParsedRow]] = field(default_factory=dict)

    @property
    def handles(self) -> list[str]:
        return [str(row.values["handle"]) for row in self.rows.get("person", [])]

    def counts(self) -> dict[str, int]:
        return {name: len(self.rows.get(name, [])) for name in table_names(self.scope)}


class _Problems:
    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        if len(self.items) < _MAX_PROBLEMS:
            self.items.append(FieldError(path, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise_problems(self.items, InvalidInput)


def raise_problems(items: list[FieldError], error: type[InvalidInput]) -> None:
    first = items[0]
    more = f" (and {len(items) - 1} more problem(s))" if len(items) > 1 else ""
    raise error(
        f"{first.field}: {first.message}{more}", field=first.field, errors=items, hint=_HINT
    )


def check_document(doc: object, schema_head: str) -> ParsedDocument:
    """The file's rows, decoded and checked; :class:`InvalidInput` naming every bad place."""
    header = _header(doc, schema_head)
    older = int(header.schema_revision) < int(schema_head)
    body = cast(dict[str, Any], doc)
    problems = _Problems()
    reader = _Reader(problems, older, header)
    people = body.get("people")
    if not isinstance(people, list):
        problems.add("people", "must be a list of people")
    elif header.scope == "person" and len(people) != 1:
        problems.add("people", "a person's export holds exactly one person")
    else:
        for i, entry in enumerate(people):
            reader.person(i, entry)
    for table, key in CLINIC_TABLES.items():
        rows = body.get(key, [] if older else None)
        if not isinstance(rows, list):
            problems.add(key, f"must be a list of {table} rows")
        elif rows and header.scope == "person":
            problems.add(key, "must be empty in a person's export (accounts go with the clinic)")
        else:
            for j, raw in enumerate(rows):
                reader.row(plans()[table], raw, f"{key}[{j}]", None)
    problems.raise_if_any()
    _check_links(header, problems)
    problems.raise_if_any()
    for plan in tables_in(header.scope):
        if plan.self_refs and plan.name in header.rows:
            header.rows[plan.name] = _parents_first(header.rows[plan.name], plan, problems)
    problems.raise_if_any()
    return header


def _header(doc: object, schema_head: str) -> ParsedDocument:
    if not isinstance(doc, dict):
        raise InvalidInput(
            "format: this is not a magnerve export (expected one JSON object)",
            field="format",
            hint=_HINT,
        )

    def bad(name: str, message: str, hint: str = _HINT) -> InvalidInput:
        return InvalidInput(f"{name}: {message}", field=name, hint=hint)

    if doc.get("format") != FORMAT:
        raise bad("format", f"must be '{FORMAT}'; this is not a magnerve export")
    newer = f"{NOTHING_IMPORTED} Update magnerve, then import the file again."
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad("format_version", f"must be a whole number from 1 to {FORMAT_VERSION}")
    if version > FORMAT_VERSION:
        raise bad(
            "format_version",
            f"the file is in format {version}, from a newer magnerve; "
            f"this one reads format {FORMAT_VERSION}",
            newer,
        )
    revision = doc.get("schema_revision")
    if not isinstance(revision, str) or not _REVISION.fullmatch(revision):
        raise bad("schema_revision", "must be a schema revision like '0004'")
    if int(revision) > int(schema_head):
        raise bad(
            "schema_revision",
            f"the file comes from schema revision {revision}, newer than this magnerve's "
            f"{schema_head}",
            newer,
        )
    scope = doc.get("scope")
    if scope not in ("person", "clinic"):
        raise bad("scope", "must be 'person' or 'clinic'")
    for name in (*_HEADER[3:], "exported_at"):
        if not isinstance(doc.get(name), str):
            raise bad(name, "must be text")
    for extra in sorted(set(doc) - _TOP_KEYS):
        raise bad(extra, "is not part of a magnerve export")
    return ParsedDocument(scope=cast(Scope, scope), schema_revision=revision)


class _Reader:
    def __init__(self, problems: _Problems, older: bool, into: ParsedDocument) -> None:
        self._problems = problems
        self._older = older
        self._into = into

    def person(self, i: int, entry: object) -> None:
        path = f"people[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"person", "tables"}:
            self._problems.add(path, "must be an object with 'person' and 'tables'")
            return
        self.row(plans()["person"], entry["person"], f"{path}.person", i)
        tables = entry["tables"]
        if not isinstance(tables, dict):
            self._problems.add(f"{path}.tables", "must be an object: table name → rows")
            return
        for name in tables:
            if name not in PERSON_TABLES[1:]:
                self._problems.add(f"{path}.tables.{name}", "is not a table magnerve exports")
        for name in PERSON_TABLES[1:]:
            rows = tables.get(name, [] if self._older else None)
            if not isinstance(rows, list):
                self._problems.add(f"{path}.tables.{name}", f"must be a list of {name} rows")
                continue
            for j, raw in enumerate(rows):
                self.row(plans()[name], raw, f"{path}.tables.{name}[{j}]", i)

    def row(self, plan: TablePlan, raw: object, path: str, person: int | None) -> None:
        if not isinstance(raw, dict):
            self._problems.add(path, f"must be an object: one {plan.name} row")
            return
        expected = {c.name for c in plan.columns}
        for extra in sorted(set(raw) - expected):
            self._problems.add(f"{path}.{extra}", f"is not a column of {plan.name}")
        values: dict[str, Any] = {}
        for column in plan.columns:
            if column.name not in raw:
                filled = self._fill(column) if column.name != plan.key else None
                if filled is None:
                    self._problems.add(f"{path}.{column.name}", "is missing")
                elif filled:
                    values[column.name] = filled[0]
                continue
            try:
                values[column.name] = decode(column, raw[column.name])
            except BadValue as exc:
                self._problems.add(f"{path}.{column.name}", str(exc))
        file_id = values.pop(plan.key, None) if plan.key is not None else None
        rows = self._into.rows.setdefault(plan.name, [])
        rows.append(ParsedRow(path=path, person=person, file_id=file_id, values=values))

    def _fill(self, column: Any) -> tuple[Any, ...] | None:
        """For an older file, a column added since: its default (``()``: the database's own
        default, so the column is left out of the insert), or empty. None: it may not be missing."""
        if not self._older:
            return None
        default = column.default
        if default is not None and default.is_scalar:
            return (default.arg,)
        if column.server_default is not None:
            return ()
        return (None,) if column.nullable else None


def _check_links(doc: ParsedDocument, problems: _Problems) -> None:
    """Ids unique per table; every reference points at a row in the file, of the same person;
    single-column unique values not repeated; a person's table keyed by its person has one row."""
    in_scope = {plan.name: plan for plan in tables_in(doc.scope)}
    ids: dict[str, dict[int, ParsedRow]] = {}
    for plan in in_scope.values():
        seen = ids.setdefault(plan.name, {})
        once: set[int | None] = set()
        for row in doc.rows.get(plan.name, []):
            if plan.key is None:
                if row.person in once:
                    problems.add(row.path, f"{plan.name} may have only one row per person")
                once.add(row.person)
            elif row.file_id in seen:
                problems.add(f"{row.path}.{plan.key}", f"id {row.file_id} is used twice")
            elif row.file_id is not None:
                seen[row.file_id] = row
    for plan in in_scope.values():
        for row in doc.rows.get(plan.name, []):
            for column, target in plan.refs.items():
                value = row.values.get(column)
                if value is None:
                    continue
                place = f"{row.path}.{column}"
                if target not in in_scope:
                    problems.add(place, f"must be null in a person's export (no {target} rows)")
                elif value not in ids[target]:
                    problems.add(place, f"there is no {target} with id {value} in the file")
                elif in_scope[target].owner and ids[target][value].person != row.person:
                    problems.add(place, f"{target} {value} belongs to another person")
        for column in plan.unique:
            first: dict[Any, str] = {}
            for row in doc.rows.get(plan.name, []):
                value = row.values.get(column)
                if value is not None and value in first:
                    problems.add(f"{row.path}.{column}", f"'{value}' is also at {first[value]}")
                first.setdefault(value, f"{row.path}.{column}")


def _parents_first(rows: list[ParsedRow], plan: TablePlan, problems: _Problems) -> list[ParsedRow]:
    """The rows in file order, except that a row pointed at comes before the row pointing at it."""
    by_id = {row.file_id: row for row in rows}
    placed: set[int | None] = set()
    result: list[ParsedRow] = []

    def parents(row: ParsedRow) -> Iterator[ParsedRow]:
        for column in plan.self_refs:
            parent = by_id.get(row.values.get(column))
            if parent is not None:
                yield parent

    def place(row: ParsedRow, visiting: Mapping[int | None, None]) -> None:
        if row.file_id in placed:
            return
        if row.file_id in visiting:
            problems.add(row.path, f"{plan.name} rows point at each other in a circle")
            return
        for parent in parents(row):
            place(parent, {**visiting, row.file_id: None})
        placed.add(row.file_id)
        result.append(row)

    for row in rows:
        place(row, {})
    return result
