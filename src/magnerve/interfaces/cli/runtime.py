"""What every command shares: the per-invocation app, output, and the food-build progress bar."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console

from magnerve.bootstrap import Magnerve

JsonOption = typer.Option("--json", help="Print one JSON object on stdout instead of text.")

# Markup is off: food names and references contain brackets ("[S]", "1 cup [8 fl oz]") that
# must print as written. Style is given explicitly (style="bold") where wanted.
console = Console(highlight=False, soft_wrap=True, markup=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


@dataclass
class CliState:
    db: str | None = None
    person: str | None = None
    debug: bool = False
    _app: Magnerve | None = field(default=None, repr=False)

    def app(self) -> Magnerve:
        if self._app is None:
            from magnerve.config import load_settings

            settings = load_settings(database_url=self.db, person=self.person)
            self._app = Magnerve(settings, food_progress=_FoodBuildProgress())
        return self._app


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        obj = CliState()
        ctx.find_root().obj = obj
    return obj


def app_of(ctx: typer.Context) -> Magnerve:
    return state(ctx).app()


def emit(payload: dict[str, Any], as_json: bool, render: Callable[[], None]) -> None:
    """Print ``payload`` as one JSON object, or call ``render`` for people."""
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        render()


def example_banner(is_example: bool) -> None:
    if is_example:
        console.print(" EXAMPLE DATA ", style="reverse", end="")
        console.print(" made-up person for trying magnerve")


class _FoodBuildProgress:
    """Shows a progress bar on stderr the first time the food database is built."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            from rich.progress import Progress

            err_console.print("Building the food database (first run only)…")
            self._progress = Progress(console=err_console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task("foods", total=total)
        self._progress.update(self._task, completed=done, total=total)
        if done >= total:
            self._progress.stop()
