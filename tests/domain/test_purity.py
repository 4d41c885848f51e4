"""The domain is pure: no frameworks, no operating system, no network, no clock.

Walks every module under ``src/magnerve/domain/`` (including ones added later) with ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import magnerve.domain

DOMAIN = Path(magnerve.domain.__file__).parent
MODULES = sorted(DOMAIN.rglob("*.py"))

#: Top-level packages the domain must never import.
FORBIDDEN_IMPORTS = frozenset(
    {"sqlalchemy", "fastapi", "starlette", "typer", "httpx", "os", "subprocess", "socket"}
)
#: Method names that read the clock (``datetime.now()``, ``date.today()``, ``utcnow()``).
CLOCK_CALLS = frozenset({"now", "today", "utcnow"})
#: Builtins that do I/O.
IO_BUILTINS = frozenset({"open", "input"})


def _violations(path: Path, base: Path = DOMAIN.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{path.relative_to(base)}:{getattr(node, 'lineno', '?')}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_IMPORTS:
                    report(node, f"imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FORBIDDEN_IMPORTS:
                report(node, f"imports from {node.module}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in CLOCK_CALLS:
                report(node, f"calls .{func.attr}() (the clock)")
            elif isinstance(func, ast.Attribute) and func.attr == "getenv":
                report(node, "calls getenv()")
            elif isinstance(func, ast.Name) and func.id in IO_BUILTINS:
                report(node, f"calls {func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr == "environ":
            report(node, "reads environ")
    return found


def test_there_are_domain_modules() -> None:
    assert DOMAIN.name == "domain"
    assert any(p.name == "patient.py" for p in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(DOMAIN)) for p in MODULES])
def test_domain_module_is_pure(path: Path) -> None:
    assert _violations(path) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\n", "imports os"),
        ("import os.path\n", "imports os.path"),
        ("from os import environ\n", "imports from os"),
        ("from sqlalchemy.orm import Session\n", "imports from sqlalchemy.orm"),
        ("import fastapi\n", "imports fastapi"),
        ("import starlette.requests\n", "imports starlette.requests"),
        ("import typer\n", "imports typer"),
        ("import httpx\n", "imports httpx"),
        ("import subprocess\n", "imports subprocess"),
        ("import socket\n", "imports socket"),
        ("from datetime import datetime\nx = datetime.now()\n", "calls .now()"),
        ("import datetime\nx = datetime.date.today()\n", "calls .today()"),
        ("from datetime import datetime\nx = datetime.utcnow()\n", "calls .utcnow()"),
        ("import sys\nx = sys.modules['os'].environ\n", "reads environ"),
        ("x = open('f')\n", "calls open()"),
    ],
)
def test_the_checker_catches(tmp_path: Path, source: str, expected: str) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    found = _violations(probe, tmp_path)
    assert any(expected in v for v in found), found


def test_the_checker_allows_what_the_domain_needs(tmp_path: Path) -> None:
    probe = tmp_path / "ok.py"
    probe.write_text(
        "from datetime import date, timedelta\nfrom zoneinfo import ZoneInfo\n"
        "def f(today: date) -> date:\n    return today + timedelta(days=1)\n",
        encoding="utf-8",
    )
    assert _violations(probe, tmp_path) == []
