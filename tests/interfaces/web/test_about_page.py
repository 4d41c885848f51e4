"""About: versions, the disclaimer, food data licences, every citation with its anchor, and the
licence of each browser file served."""

from __future__ import annotations

import html
import re
from typing import Any

from magnerve import __version__
from magnerve.knowledge.load import knowledge_version, load_citations
from magnerve.services.about import DISCLAIMER, food_sources


def test_about_shows_versions_disclaimer_and_food_licences(client: Any) -> None:
    page = client.get("/about").text
    assert page.count("<h1>") == 1
    assert f'id="app-version">{__version__}<' in page
    assert f'id="knowledge-version">{knowledge_version()}<' in page
    assert DISCLAIMER in page
    for source in food_sources():
        assert f'<li id="food-source-{source.id}">' in page
        assert f"Licence: {source.licence}" in page.replace("&amp;", "&")
    assert "Apache-2.0" in page


def test_every_citation_has_an_anchor_with_its_kind_and_link(client: Any) -> None:
    citations = load_citations()
    page = client.get("/about").text
    anchors = re.findall(r'<li id="cite-([a-z0-9-]+)"', page)
    assert anchors == list(citations)
    for cid, c in citations.items():
        item = re.search(rf'<li id="cite-{re.escape(cid)}" tabindex="-1">(.*?)</li>', page, re.S)
        assert item is not None
        text = item.group(1)
        assert ("[P]" if c.evidence == "primary" else "[S]") in text
        if c.url:
            assert f'<a href="{html.escape(c.url)}">' in text
        if c.doi:
            assert f'href="https://doi.org/{c.doi}"' in text
        if c.year:
            assert str(c.year) in text


def test_the_vendored_browser_files_and_their_licences(client: Any) -> None:
    page = client.get("/about").text
    assert '<li id="vendored-htmx">htmx 2.0.11: Zero-Clause BSD' in page
    licence = client.get("/static/vendor/htmx-LICENSE.txt")
    assert licence.status_code == 200 and "Zero-Clause BSD" in licence.text
    assert 'href="/static/vendor/htmx-LICENSE.txt"' in page
