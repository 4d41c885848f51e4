"""Backup and restore: one person's records, or the whole clinic, as one JSON document.

Each use case is one transaction; an import is checked completely before anything is written
and is kept whole or not at all. The document's layout is described in docs/backup.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from magnerve.errors import Conflict, NotFound
from magnerve.services.clock import Clock
from magnerve.storage.backup import CLINIC_TABLES, FORMAT, FORMAT_VERSION, Scope, read_export


@dataclass(frozen=True)
class BackupSummary:
    """What a document holds (or an import wrote): people's handles and rows per table."""

    scope: Scope
    people: list[str]
    records: dict[str, int]


ImportSummary = BackupSummary


class BackupService:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def export_person(self, handle: str) -> dict[str, Any]:
        """One person's records. Accounts are left out: references to them become null (the
        names stay in ``author_name`` and ``actor_name``)."""
        with self._snapshot() as conn:
            body = read_export(conn, "person", handle)
        if not body["people"]:
            raise NotFound(
                f"There is no person '{handle}'; nothing was exported.",
                field="person",
                hint="Choose whose records to export with --person (before the command).",
            )
        return self._document("person", body)

    def export_clinic(self) -> dict[str, Any]:
        """Every person's records with the accounts and care grants (password hashes too)."""
        with self._snapshot() as conn:
            body = read_export(conn, "clinic")
        return self._document("clinic", body)

    def import_document(self, doc: object) -> ImportSummary:
        """Check ``doc`` completely, then write all of it in one transaction, or nothing."""
        from magnerve.storage.backup_check import NOTHING_IMPORTED, check_document
        from magnerve.storage.backup_import import write_document
        from magnerve.storage.schema import SCHEMA_HEAD

        parsed = check_document(doc, SCHEMA_HEAD)
        try:
            with self._engine.begin() as conn:
                records = write_document(conn, parsed)
        except IntegrityError as exc:
            raise Conflict(
                "The file's records clash with each other or with this database "
                f"({exc.orig.__class__.__name__}); {NOTHING_IMPORTED.lower()}",
                field="file",
                hint="Restore into a new, empty database: magnerve --db NEW-FILE import all FILE",
            ) from None
        return ImportSummary(parsed.scope, parsed.handles, records)

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one moment of the database (on PostgreSQL repeatable
        read, so what other users write meanwhile never half-appears)."""
        with self._engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def _document(self, scope: Scope, body: dict[str, Any]) -> dict[str, Any]:
        from magnerve import __version__
        from magnerve.knowledge.load import knowledge_version
        from magnerve.storage.schema import SCHEMA_HEAD

        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_revision": SCHEMA_HEAD,
            "app_version": __version__,
            "knowledge_version": knowledge_version(),
            "exported_at": self._clock.now().astimezone(UTC).isoformat(),
            "scope": scope,
            "people": body["people"],
        }
        return header | {key: body[key] for key in CLINIC_TABLES.values()}


def summarize(doc: dict[str, Any]) -> BackupSummary:
    """The summary of a document this service exported."""
    from magnerve.storage.backup import table_names

    scope: Scope = doc["scope"]
    people = doc["people"]
    records: dict[str, int] = {}
    for name in table_names(scope):
        if name == "person":
            records[name] = len(people)
        elif name in CLINIC_TABLES:
            records[name] = len(doc[CLINIC_TABLES[name]])
        else:
            records[name] = sum(len(entry["tables"][name]) for entry in people)
    return BackupSummary(scope, [p["person"]["handle"] for p in people], records)
