"""Shared fixtures: isolated settings, a food database built once, an in-process CLI, PostgreSQL."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from magnerve.config import Settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def food_db_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One food database for the whole run (built on first use)."""
    from magnerve.storage.fooddb import FoodDatabase

    directory = tmp_path_factory.mktemp("fooddb")
    FoodDatabase.open_or_build(directory).close()
    return directory


@pytest.fixture(scope="session")
def food_db(food_db_dir: Path) -> Iterator[Any]:
    from magnerve.storage.fooddb import FoodDatabase

    db = FoodDatabase.open_or_build(food_db_dir)
    yield db
    db.close()


_COUNTER = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads or writes the real user's data: every MAGNERVE_ variable is ours.

    The folders are only named here (created on use), so this costs nothing per test.
    """
    for key in list(os.environ):
        if key.startswith("MAGNERVE_"):
            monkeypatch.delenv(key)
    unique = tmp_path_factory.getbasetemp() / f"isolated-{next(_COUNTER)}"
    monkeypatch.setenv("MAGNERVE_DATA_DIR", str(unique / "data"))
    monkeypatch.setenv("MAGNERVE_FOOD_DB_DIR", str(unique / "fooddb-unused"))


@pytest.fixture
def settings(tmp_path: Path, food_db_dir: Path) -> Settings:
    return Settings(
        database_url=str(tmp_path / "records.sqlite3"),
        data_dir=tmp_path / "data",
        food_db_dir=food_db_dir,
    )


FIXED_NOW = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)


@pytest.fixture
def magnerve(settings: Settings) -> Iterator[Any]:
    from magnerve.bootstrap import Magnerve
    from magnerve.services.clock import FixedClock

    app = Magnerve(settings, clock=FixedClock(FIXED_NOW))
    yield app
    app.close()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class Cli:
    """Runs ``magnerve`` in-process exactly as the console script does (same error handling)."""

    def __init__(
        self,
        capsys: pytest.CaptureFixture[str],
        db: Path,
        food_db_dir: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        self._capsys = capsys
        self.db = db
        monkeypatch.setenv("MAGNERVE_DATABASE_URL", str(db))
        monkeypatch.setenv("MAGNERVE_FOOD_DB_DIR", str(food_db_dir))

    def __call__(self, *args: str) -> CliResult:
        from magnerve.interfaces.cli.app import main

        self._capsys.readouterr()
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self._capsys.readouterr()
        return CliResult(code, out, err)

    def ok(self, *args: str) -> CliResult:
        result = self(*args)
        assert result.exit_code == 0, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        return result

    def json(self, *args: str) -> Any:
        return self.ok(*args, "--json").json()


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    food_db_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    return Cli(capsys, tmp_path / "cli.sqlite3", food_db_dir, monkeypatch)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Any]:
    """A throwaway cluster. Under CI=true a missing PostgreSQL fails the run, never a skip."""
    from tests.postgres_cluster import PostgresUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except (PostgresUnavailable, OSError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: Any, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database in the session's cluster for each test."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]", "_", request.node.name.lower())[:50]
    name = f"{name}_{abs(hash(request.node.nodeid)) % 100000}"
    return str(postgres_cluster.create_database(name))
