from __future__ import annotations

from pathlib import Path

import pytest

from magnerve.errors import ConfigurationError
from magnerve.storage.engine import make_engine
from magnerve.storage.urls import to_sqlalchemy_url


def test_a_path_becomes_an_absolute_sqlite_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert to_sqlalchemy_url("x.sqlite3") == f"sqlite:///{tmp_path / 'x.sqlite3'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/a.db", "sqlite:////tmp/a.db"),
    ],
)
def test_urls_are_kept_and_postgres_gets_psycopg3(given: str, expected: str) -> None:
    assert to_sqlalchemy_url(given) == expected


def test_empty_setting_names_the_field() -> None:
    with pytest.raises(ConfigurationError) as err:
        to_sqlalchemy_url("  ")
    assert err.value.field == "database_url"


def test_bad_url_names_the_field() -> None:
    with pytest.raises(ConfigurationError) as err:
        make_engine("nonsense://")
    assert err.value.field == "database_url"


def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "db.sqlite3"
    make_engine(f"sqlite:///{target}").dispose()
    assert target.parent.is_dir()
