"""About: versions, the disclaimer, data sources and licences (as ``magnerve about``), every
citation in the knowledge data with an anchor other pages link to (``/about#cite-<id>``), and the
licences of the browser files served with the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from magnerve.interfaces.web.templating import render

router = APIRouter()

VENDOR_DIR = Path(__file__).parent.parent / "static" / "vendor"
_VENDORED = re.compile(r"^(?P<name>[a-z][a-z0-9.-]*?)-(?P<version>\d[\w.]*)\.min\.js$")


@dataclass(frozen=True)
class VendoredFile:
    """A browser file shipped in ``static/vendor``, with its licence file beside it."""

    name: str
    version: str
    path: str
    licence: str
    licence_path: str


@cache
def vendored_files() -> tuple[VendoredFile, ...]:
    """Each ``<name>-<version>.min.js`` with a ``<name>-LICENSE.txt``; the licence's name is the
    licence file's first line."""
    found = []
    for script in sorted(VENDOR_DIR.glob("*.min.js")):
        match = _VENDORED.match(script.name)
        licence = VENDOR_DIR / f"{match['name']}-LICENSE.txt" if match else None
        if match is None or licence is None or not licence.is_file():
            continue
        first = licence.read_text("utf-8").strip().splitlines()[0].strip()
        found.append(
            VendoredFile(
                name=match["name"],
                version=match["version"],
                path=f"/static/vendor/{script.name}",
                licence=first,
                licence_path=f"/static/vendor/{licence.name}",
            )
        )
    return tuple(found)


def software_licence() -> str | None:
    try:
        meta = metadata("magnerve")
    except PackageNotFoundError:
        return None
    for key in ("License-Expression", "License"):
        values = meta.get_all(key)
        if values:
            return str(values[0])
    return None


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> HTMLResponse:
    from magnerve.knowledge.load import load_citations
    from magnerve.services.about import about as gather

    context = {
        "info": gather(),
        "licence": software_licence(),
        "citations": list(load_citations().values()),
        "vendored": vendored_files(),
    }
    return render(request, "pages/about.html", context)
