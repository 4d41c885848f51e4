"""Writing a checked export file into a database: new ids, every reference rewired.

Rows go in file order (parents first), table by table in foreign-key order, many rows per
statement; the database gives them new ids in that order, so exporting again gives the same
file. Call it inside one transaction: on any error nothing is kept.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from magnerve.errors import Conflict, FieldError
from magnerve.storage.backup import TablePlan, tables_in
from magnerve.storage.backup_check import NOTHING_IMPORTED, ParsedDocument, ParsedRow

_CHUNK = 500


def write_document(conn: Connection, doc: ParsedDocument) -> dict[str, int]:
    """Insert every row of ``doc``; returns table → rows written. Raises Conflict (nothing
    written) when a unique value (a person's handle, an account's e-mail) is already taken."""
    check_free(conn, doc)
    new_ids: dict[str, dict[int, int]] = {}
    people = [row.file_id for row in doc.rows.get("person", [])]
    for plan in tables_in(doc.scope):
        _Writer(conn, plan, new_ids, people).write(doc.rows.get(plan.name, []))
    return doc.counts()


def check_free(conn: Connection, doc: ParsedDocument) -> None:
    """Every single-column unique value of the file is not yet used in the database."""
    clashes: list[FieldError] = []
    for plan in tables_in(doc.scope):
        for column_name in plan.unique:
            if column_name in plan.refs:
                continue  # points at a row this import creates: cannot clash
            column = plan.table.c[column_name]
            wanted = {
                row.values[column_name]: f"{row.path}.{column_name}"
                for row in doc.rows.get(plan.name, [])
                if row.values.get(column_name) is not None
            }
            values = list(wanted)
            for start in range(0, len(values), _CHUNK):
                query = select(column).where(column.in_(values[start : start + _CHUNK]))
                for taken in conn.execute(query).scalars():
                    clashes.append(
                        FieldError(
                            wanted[taken],
                            f"'{taken}' is already the {column_name} of {_article(plan.name)} "
                            f"in this database; {NOTHING_IMPORTED.lower()}",
                        )
                    )
    if clashes:
        clashes.sort(key=lambda e: e.field)
        first = clashes[0]
        more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
        raise Conflict(
            f"{first.field}: {first.message}{more}",
            field=first.field,
            errors=clashes,
            hint="Restore into a new, empty database: magnerve --db NEW-FILE import all FILE",
        )


def _article(table: str) -> str:
    return ("an " if table[0] in "aeiou" else "a ") + table


class _Writer:
    def __init__(
        self,
        conn: Connection,
        plan: TablePlan,
        new_ids: dict[str, dict[int, int]],
        people: list[int | None],
    ) -> None:
        self._conn = conn
        self._plan = plan
        self._new_ids = new_ids
        self._people = people
        self._ids = new_ids.setdefault(plan.name, {})
        self._batch: list[tuple[int | None, dict[str, Any]]] = []

    def write(self, rows: list[ParsedRow]) -> None:
        pending: set[int | None] = set()
        for row in rows:
            values = self._values(row) if not self._waits_for(row, pending) else None
            if values is None or (self._batch and self._batch[0][1].keys() != values.keys()):
                self._flush()  # a parent in this batch, or other columns (left to defaults)
                pending.clear()
                values = self._values(row)
            self._batch.append((row.file_id, values))
            pending.add(row.file_id)
            if len(self._batch) >= _CHUNK:
                self._flush()
                pending.clear()
        self._flush()

    def _waits_for(self, row: ParsedRow, pending: set[int | None]) -> bool:
        """Whether the row points at a row of its own table not yet written."""
        return any(row.values.get(c) in pending for c in self._plan.self_refs)

    def _values(self, row: ParsedRow) -> dict[str, Any]:
        plan = self._plan
        values = dict(row.values)
        if plan.owner is not None:
            assert row.person is not None
            values[plan.owner] = self._new_ids["person"][_required(self._people[row.person])]
        for column, target in plan.refs.items():
            if values.get(column) is not None:
                values[column] = self._new_ids[target][values[column]]
        return values

    def _flush(self) -> None:
        if not self._batch:
            return
        table, key = self._plan.table, self._plan.key
        params = [values for _, values in self._batch]
        if key is None:
            self._conn.execute(insert(table), params)
        else:
            statement = insert(table).returning(table.c[key], sort_by_parameter_order=True)
            created = self._conn.execute(statement, params).scalars().all()
            for (file_id, _), new_id in zip(self._batch, created, strict=True):
                self._ids[_required(file_id)] = new_id
        self._batch = []


def _required(value: int | None) -> int:
    assert value is not None
    return value
