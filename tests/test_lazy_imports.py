"""`magnerve today` starts quickly: no FastAPI, scipy, matplotlib, weasyprint, pint, rapidfuzz."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("fastapi", "scipy", "matplotlib", "weasyprint", "pint", "rapidfuzz", "alembic", "uvicorn")

SCRIPT = """
import json, sys
from magnerve.interfaces.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = %r
loaded = {m.split('.')[0] for m in sys.modules} & set(heavy)
sys.stderr.write("\\nMODULES " + json.dumps(sorted(loaded)))
"""


def _modules_after(args: list[str], tmp_path: Path) -> list[str]:
    env = {
        "MAGNERVE_DATABASE_URL": str(tmp_path / "db.sqlite3"),
        "MAGNERVE_FOOD_DB_DIR": str(tmp_path / "food"),
        "PATH": "/usr/bin:/bin",
    }
    # The first run creates and migrates the database (that may import alembic); measure the second.
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT % (HEAVY,), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    marker = proc.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, proc.stderr
    return list(json.loads(marker[1]))


def test_today_imports_nothing_heavy(tmp_path: Path) -> None:
    assert _modules_after(["today", "--json"], tmp_path) == []


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    assert _modules_after(["--version"], tmp_path) == []
