"""Every command documents itself, and docs/cli.md is the generated reference (no drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from magnerve.interfaces.cli.reference import commands, help_text, render_markdown
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[3]
ALL = commands()


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=lambda p: " ".join(p) or "magnerve")
def test_every_command_and_option_has_help(path: tuple[str, ...]) -> None:
    command = dict(ALL)[path]
    assert (command.help or "").strip(), f"magnerve {' '.join(path)} has no help text"
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        assert (getattr(param, "help", None) or "").strip(), (
            f"magnerve {' '.join(path)}: {param.name} has no help"
        )


@pytest.mark.parametrize(
    "path", [p for p, c in ALL if not hasattr(c, "commands")], ids=lambda p: " ".join(p)
)
def test_every_leaf_command_takes_json(path: tuple[str, ...]) -> None:
    assert "--json" in help_text(path)


def test_help_runs_through_the_real_entry_point(cli: Cli) -> None:
    result = cli.ok("log", "food", "--help")
    assert "Log one food" in result.stdout


def test_cli_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render_markdown(), "docs/cli.md is stale: run `make docs`"
