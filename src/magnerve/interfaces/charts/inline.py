"""Charts inside an HTML page: several SVGs share one id space, so each gets its own prefix.

matplotlib names its clip paths and glyphs the same way in every chart (deterministic output),
and our own groups have fixed ids (``series-pain``…). Inlined side by side, a second chart would
point at the first one's clip path. :func:`for_html` prefixes every id and every reference.
"""

from __future__ import annotations

import re

_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\b((?:xlink:)?href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")
_PREFIX = re.compile(r"^[a-z][a-z0-9-]*$")


def for_html(svg: str, prefix: str) -> str:
    """The SVG ready to inline: no XML prolog or metadata, every id as ``{prefix}-{id}``."""
    if not _PREFIX.match(prefix):
        raise ValueError(f"chart id prefix must be lower-case letters, digits and '-': {prefix!r}")
    text = _METADATA.sub("", _XML_DECL.sub("", svg))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', text)
    return _URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})", text)
