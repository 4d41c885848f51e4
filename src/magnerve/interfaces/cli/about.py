"""``magnerve about``: versions, sources and licences, and what magnerve is not."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, console, emit


def about(
    sources: Annotated[
        bool, typer.Option("--sources", help="Also list every cited reference.")
    ] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Versions, food data sources with licences and attribution, and the medical disclaimer."""
    from magnerve.services.about import about as gather

    info = gather()
    citations = None
    if sources:
        from magnerve.knowledge.load import load_citations

        citations = load_citations()
    payload = payloads.about(info, citations.values() if citations is not None else None)

    def render() -> None:
        console.print(
            f"magnerve {info.version} — knowledge {info.knowledge_version}, "
            f"food data {info.food_data_version}"
        )
        console.print("\nNot medical advice.", style="bold", end=" ")
        console.print(f"{info.disclaimer}\n")
        console.print("Food composition data:")
        for s in info.food_sources:
            console.print(f"  • {s.short_name} — {s.licence}\n    {s.attribution}\n    {s.url}")
        if citations:
            console.print("\nReferences:")
            for cid, c in citations.items():
                console.print(f"  [{cid}] {c.title}")

    emit(payload, as_json, render)
