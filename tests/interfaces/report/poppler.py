"""pdftotext and pdfinfo (poppler-utils) for the report tests. Under CI=true they must exist:
a missing tool fails the run, never skips it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if IN_CI:
            pytest.fail(f"{name} (poppler-utils) is required under CI=true")
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def flat(text: str) -> str:
    """Runs of spaces, no-break spaces and line breaks as one space, for phrase searches."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def pdf_text(path: Path, *, page: int | None = None) -> str:
    """``pdftotext -layout`` of the whole file (or one page), flattened with :func:`flat`."""
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    done = subprocess.run(
        [_tool("pdftotext"), "-layout", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return flat(done.stdout)


def pdf_info(path: Path) -> dict[str, str]:
    done = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    info = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_size_points(info: dict[str, str]) -> tuple[int, int]:
    """``Page size: 595.276 x 841.89 pts (A4)`` → ``(595, 842)``."""
    found = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
    assert found, info["Page size"]
    return round(float(found.group(1))), round(float(found.group(2)))
