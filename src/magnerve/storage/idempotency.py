"""Idempotency keys: stored in the same transaction as what the request created."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from magnerve.storage.tables import idempotency_key as k


@dataclass(frozen=True)
class StoredKey:
    operation: str
    request_hash: str
    result: dict[str, Any]


class IdempotencyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, person_id: int, key: str) -> StoredKey | None:
        row = self._conn.execute(
            select(k.c.operation, k.c.request_hash, k.c.result).where(
                k.c.person_id == person_id, k.c.key == key
            )
        ).first()
        if row is None:
            return None
        return StoredKey(str(row.operation), str(row.request_hash), dict(row.result))

    def add(
        self,
        person_id: int,
        key: str,
        *,
        operation: str,
        request_hash: str,
        result: dict[str, Any],
        now: datetime,
    ) -> None:
        self._conn.execute(
            insert(k).values(
                person_id=person_id,
                key=key,
                operation=operation,
                request_hash=request_hash,
                result=result,
                created_at=now,
            )
        )
