"""The CLI reference (docs/cli.md), generated from the commands' own --help so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group, depth first, with its path of names."""
    yield path, command
    for name in sorted(getattr(command, "commands", {}) or {}):
        yield from walk(command.commands[name], (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    """What ``magnerve <path> --help`` prints, at a fixed width of 100 columns."""
    import typer

    from magnerve.interfaces.cli.app import app

    command: Any = typer.main.get_command(app)
    ctx = command.make_context(
        "magnerve", [], resilient_parsing=True, terminal_width=100, max_content_width=100
    )
    for name in path:
        command = command.commands[name]
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return str(command.get_help(ctx))


def commands() -> list[tuple[tuple[str, ...], Any]]:
    import typer

    from magnerve.interfaces.cli.app import app

    return list(walk(typer.main.get_command(app)))


def render_markdown() -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from `--help` by `make docs` (scripts/gen_cli_reference.py); a test fails when "
        "this file is out of date. Every command takes `--json` after the command to print one "
        "JSON object. Exit codes: 0 ok, 2 bad input, 1 internal fault.",
        "",
    ]
    for path, _ in commands():
        title = " ".join(("magnerve", *path))
        lines += [f"## `{title}`", "", "```text", help_text(path).rstrip(), "```", ""]
    return "\n".join(lines)
