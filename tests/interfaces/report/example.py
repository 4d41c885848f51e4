"""The made-up example person on a fresh database with the suite's fixed clock, built once per
test module (loading the example and drawing its charts takes a second or two)."""

from __future__ import annotations

from pathlib import Path

from magnerve.bootstrap import Magnerve
from magnerve.config import Settings
from magnerve.domain.person import EXAMPLE_HANDLE
from magnerve.services.clock import FixedClock
from tests.conftest import FIXED_NOW


def example_settings(directory: Path, food_db_dir: Path) -> Settings:
    return Settings(
        database_url=str(directory / "records.sqlite3"),
        data_dir=directory / "data",
        food_db_dir=food_db_dir,
        person="me",
        mode="local",
    )


def load_example(directory: Path, food_db_dir: Path) -> Magnerve:
    """The root app (person 'me'); ``.for_person('example')`` sees the loaded example."""
    root = Magnerve(example_settings(directory, food_db_dir), clock=FixedClock(FIXED_NOW))
    root.demo.load()
    return root


__all__ = ["EXAMPLE_HANDLE", "example_settings", "load_example"]
