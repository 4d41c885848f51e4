"""Settings: every one documented; read by a factory; overrides win over the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from magnerve.config import Settings, load_settings
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`MAGNERVE_{name.upper()}`" in DOC.read_text(encoding="utf-8")


def test_environment_is_read_and_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGNERVE_PERSON", "example")
    monkeypatch.setenv("MAGNERVE_DATABASE_URL", "/tmp/from-env.sqlite3")
    assert load_settings().person == "example"
    settings = load_settings(database_url="/tmp/from-flag.sqlite3", person=None)
    assert settings.database_url == "/tmp/from-flag.sqlite3"
    assert settings.person == "example"  # None means "not given", so the environment stays


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'magnerve.sqlite3'}"


def test_unknown_mode_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from magnerve.errors import ConfigurationError

    monkeypatch.setenv("MAGNERVE_MODE", "party")
    with pytest.raises(ConfigurationError) as err:
        load_settings()
    assert err.value.field == "MAGNERVE_MODE"
    assert "local" in err.value.message and "clinic" in err.value.message


def test_bad_setting_exits_2_from_the_cli(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    monkeypatch.setenv("MAGNERVE_MODE", "party")
    result = cli("today")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: MAGNERVE_MODE")
