"""Export files at the table level, read GENERICALLY from ``tables.metadata``.

Every table is classified below (a test fails for a table that is not), and everything else —
which columns there are, their types, which columns point at which table — is read from the
metadata, so a column added later travels in the file without a change here.

In the file, ids are renumbered per table (1..n, in the order the rows are written: people by
database id, then each person's rows by database id, a row that another row of the same table
points at always first) and every reference is rewritten to the renumbered id. Importing inserts
the rows in file order, so they get new database ids in the same order, and exporting the
imported database gives the same file again (apart from ``exported_at``). See docs/backup.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from sqlalchemy import Column, Connection, Table, UniqueConstraint, select

from magnerve.errors import MagnerveError
from magnerve.storage.backup_values import encode, kind
from magnerve.storage.tables import metadata

Scope = Literal["person", "clinic"]
FORMAT = "magnerve-export"
FORMAT_VERSION = 1

#: Exported with their person (``person`` itself first); in the file under ``people[i].tables``.
PERSON_TABLES: tuple[str, ...] = (
    "person",
    "profile",
    "intake_entry",
    "supplement_product",
    "supplement_dose",
    "medication",
    "lab_result",
    "diary_value",
    "trial",
    "screening",
    "care_note",
    "audit_event",
)
#: Exported only with the whole clinic, each under its own top-level key of the file.
CLINIC_TABLES: dict[str, str] = {"account": "accounts", "care_grant": "care_grants"}
#: Never exported, and why.
NOT_EXPORTED: dict[str, str] = {
    "auth_session": "sign-in sessions; a restored database starts with everyone signed out",
    "attempt": "rate-limit counts kept for minutes; they mean nothing in another database",
    "share_invite": "one-time codes that soon expire; a new invite is safer than an old one",
    "idempotency_key": "guards a retried web request for minutes; not part of anyone's records",
}


def unclassified_tables() -> set[str]:
    """Tables of the schema that no list above mentions (a test requires none)."""
    known = set(PERSON_TABLES) | set(CLINIC_TABLES) | set(NOT_EXPORTED)
    return set(metadata.tables) - known


@dataclass(frozen=True)
class TablePlan:
    """How one table is written: its columns, its renumbered key, what its columns point at."""

    name: str
    table: Table
    #: The primary key renumbered in the file; None when the key is the owner (profile).
    key: str | None
    #: The column pointing at the person that owns the row; left out of the file (the row sits
    #: under its person). None for ``person`` and the clinic tables.
    owner: str | None
    #: Other columns that point at a row: column name → table name.
    refs: Mapping[str, str]
    #: Columns written in the file, in table order.
    columns: tuple[Column[Any], ...]
    #: Single-column unique rules (other than the key) that an import checks first.
    unique: tuple[str, ...] = field(default=())

    @property
    def self_refs(self) -> tuple[str, ...]:
        return tuple(c for c, target in self.refs.items() if target == self.name)


@cache
def plans() -> dict[str, TablePlan]:
    """Every exported table, parents before children (the order rows are inserted in)."""
    if unclassified_tables():
        raise RuntimeError(f"tables not classified for export: {sorted(unclassified_tables())}")
    exported = set(PERSON_TABLES) | set(CLINIC_TABLES)
    result: dict[str, TablePlan] = {}
    for table in metadata.sorted_tables:
        if table.name in exported:
            result[table.name] = _plan(table, exported)
    return result


def _plan(table: Table, exported: set[str]) -> TablePlan:
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or kind(keys[0]) != "integer":
        raise RuntimeError(f"{table.name}: export needs one whole-number primary key")
    targets: dict[str, str] = {}
    for column in table.columns:
        kind(column)  # every type must have an export rule
        for fk in column.foreign_keys:
            parent = fk.column.table
            parent_key = [c.name for c in parent.primary_key.columns]
            if parent.name not in exported or parent_key != [fk.column.name]:
                raise RuntimeError(f"{table.name}.{column.name}: points at a table not exported")
            targets[column.name] = parent.name
    owners = [c for c, t in targets.items() if t == "person"]
    owner = None
    if table.name in PERSON_TABLES and table.name != "person":
        if len(owners) != 1:
            raise RuntimeError(f"{table.name}: a person's table needs one column for its person")
        owner = owners[0]
        for column_name, target in targets.items():
            if target in CLINIC_TABLES and not table.c[column_name].nullable:
                raise RuntimeError(f"{table.name}.{column_name}: must be nullable for a person")
    key = keys[0].name if keys[0].name != owner else None
    refs = {c: t for c, t in targets.items() if c != owner}
    return TablePlan(
        name=table.name,
        table=table,
        key=key,
        owner=owner,
        refs=refs,
        columns=tuple(c for c in table.columns if c.name != owner),
        unique=_single_column_unique(table, skip={key}),
    )


def _single_column_unique(table: Table, skip: set[str | None]) -> tuple[str, ...]:
    names: list[str] = [c.name for c in table.columns if c.unique]
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) == 1:
            names += [c.name for c in constraint.columns]
    for index in table.indexes:
        partial = any(
            k.endswith("_where") and v is not None for k, v in index.dialect_kwargs.items()
        )
        if index.unique and not partial and len(index.columns) == 1:
            names += [c.name for c in index.columns]
    return tuple(dict.fromkeys(n for n in names if n not in skip))


def table_names(scope: Scope) -> list[str]:
    """The tables a file of this scope holds, in the order the file lists them."""
    return [*PERSON_TABLES, *(CLINIC_TABLES if scope == "clinic" else ())]


def tables_in(scope: Scope) -> list[TablePlan]:
    """The tables a file of this scope holds, parents first."""
    wanted = set(table_names(scope))
    return [p for name, p in plans().items() if name in wanted]


# --- Export --------------------------------------------------------------------------------


class ExportFault(MagnerveError):
    """The database holds a reference the file cannot carry (a row of another person)."""

    code = "export_fault"


def read_export(conn: Connection, scope: Scope, handle: str | None = None) -> dict[str, Any]:
    """The body of an export file: ``people``, ``accounts`` and ``care_grants``.

    ``handle`` picks the one person of a person export (None: every person, for a clinic).
    """
    person = plans()["person"].table
    query = select(person).order_by(person.c.id)
    if handle is not None:
        query = query.where(person.c.handle == handle)
    people = [dict(r._mapping) for r in conn.execute(query)]
    in_scope = tables_in(scope)
    rows: dict[str, list[tuple[int | None, dict[str, Any]]]] = {}  # table → (owner id, row)
    for plan in in_scope:
        if plan.name == "person":
            rows["person"] = [(p["id"], p) for p in people]
        elif plan.owner is None:
            rows[plan.name] = [(None, r) for r in _ordered(conn, plan, None)]
        else:
            rows[plan.name] = [(p["id"], r) for p in people for r in _ordered(conn, plan, p["id"])]
    renumbered = _Renumbered()
    for plan in in_scope:
        if plan.key is not None:
            renumbered.ids[plan.name] = {
                row[plan.key]: (n, owner_id)
                for n, (owner_id, row) in enumerate(rows[plan.name], start=1)
            }
    by_person: dict[int, dict[str, list[dict[str, Any]]]] = {p["id"]: {} for p in people}
    body: dict[str, Any] = {key: [] for key in CLINIC_TABLES.values()}
    for plan in in_scope:
        for owner_id, row in rows[plan.name]:
            if plan.name == "person":
                continue
            written = renumbered.row(plan, row, owner_id)
            if owner_id is None:
                body[CLINIC_TABLES[plan.name]].append(written)
            else:
                by_person[owner_id].setdefault(plan.name, []).append(written)
    body["people"] = [
        {
            "person": renumbered.row(plans()["person"], p, None),
            "tables": {name: by_person[p["id"]].get(name, []) for name in PERSON_TABLES[1:]},
        }
        for p in people
    ]
    return body


def _ordered(conn: Connection, plan: TablePlan, owner_id: int | None) -> list[dict[str, Any]]:
    table = plan.table
    query = select(table).order_by(*table.primary_key.columns)
    if plan.owner is not None:
        query = query.where(table.c[plan.owner] == owner_id)
    found = [dict(r._mapping) for r in conn.execute(query)]
    return parents_first(found, plan.key, plan.self_refs) if plan.self_refs else found


def parents_first(
    rows: list[dict[str, Any]], key: str | None, self_refs: Iterable[str]
) -> list[dict[str, Any]]:
    """``rows`` in their order, except that a row another row points at comes before it."""
    assert key is not None
    by_id = {row[key]: row for row in rows}
    refs = tuple(self_refs)
    placed: set[Any] = set()
    result: list[dict[str, Any]] = []

    def place(row: dict[str, Any], visiting: frozenset[Any]) -> None:
        if row[key] in placed or row[key] in visiting:
            return
        for ref in refs:
            parent = by_id.get(row[ref])
            if parent is not None:
                place(parent, visiting | {row[key]})
        placed.add(row[key])
        result.append(row)

    for row in rows:
        place(row, frozenset())
    return result


@dataclass
class _Renumbered:
    #: table → database id → (id in the file, database id of the row's person or None)
    ids: dict[str, dict[Any, tuple[int, int | None]]] = field(default_factory=dict)

    def row(self, plan: TablePlan, row: Mapping[str, Any], owner_id: int | None) -> dict[str, Any]:
        """One row as written: renumbered key, rewritten references, encoded values."""
        written: dict[str, Any] = {}
        for column in plan.columns:
            value = row[column.name]
            if column.name == plan.key:
                written[column.name] = self.ids[plan.name][value][0]
            elif column.name in plan.refs and value is not None:
                written[column.name] = self._reference(plan, column.name, value, owner_id)
            else:
                written[column.name] = encode(column, value)
        return written

    def _reference(self, plan: TablePlan, column: str, value: Any, owner_id: int | None) -> Any:
        target = plan.refs[column]
        if target not in self.ids:  # an account, in a person's export: the name stays
            return None
        found = self.ids[target].get(value)
        if found is None or (plans()[target].owner is not None and found[1] != owner_id):
            raise ExportFault(
                f"A {plan.name} row points at {target} {value}, which belongs to someone else; "
                "nothing was exported.",
                hint="This is a fault in the database; please report it.",
            )
        return found[0]
