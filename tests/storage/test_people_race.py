"""Two first requests at once on a fresh database both get the one default person."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from magnerve.services.people import resolve_person
from magnerve.services.unit_of_work import transaction
from magnerve.storage.engine import make_engine
from magnerve.storage.schema import ensure_current
from magnerve.storage.tables import person

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


def _race(url: str) -> tuple[list[int], list[BaseException], int]:
    engine = make_engine(url)
    ensure_current(engine)
    start = threading.Barrier(8)
    ids: list[int] = []
    errors: list[BaseException] = []

    def first_request() -> None:
        start.wait()
        try:
            with transaction(engine) as repos:
                ids.append(resolve_person(repos, "me", now=NOW).id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        count = int(conn.execute(select(func.count()).select_from(person)).scalar_one())
    engine.dispose()
    return ids, errors, count


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_first_requests_share_one_default_person(
    backend: str, tmp_path: Any, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'race.sqlite3'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    ids, errors, count = _race(url)
    assert errors == []
    assert len(ids) == 8 and len(set(ids)) == 1
    assert count == 1
