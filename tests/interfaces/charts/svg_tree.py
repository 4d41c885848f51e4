"""Reading rendered charts structurally: ids, texts, paths. No pixels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Chart:
    text: str
    root: ET.Element

    @classmethod
    def parse(cls, text: str) -> Chart:
        return cls(text, ET.fromstring(text))

    def ids(self) -> set[str]:
        return {e.attrib["id"] for e in self.root.iter() if "id" in e.attrib}

    def by_id(self, gid: str) -> ET.Element:
        found = [e for e in self.root.iter() if e.attrib.get("id") == gid]
        assert len(found) == 1, f"{gid}: {len(found)} elements"
        return found[0]

    def with_prefix(self, prefix: str) -> list[ET.Element]:
        return [e for e in self.root.iter() if e.attrib.get("id", "").startswith(prefix)]

    def texts(self) -> list[str]:
        return [t for e in self.root.iter(f"{SVG}text") if (t := "".join(e.itertext()).strip())]

    def text_of(self, gid: str) -> str:
        return " ".join(
            "".join(e.itertext()).strip() for e in self.by_id(gid).iter(f"{SVG}text")
        ).strip()

    def child_text(self, tag: str) -> str:
        element = self.root.find(f"{SVG}{tag}")
        assert element is not None, tag
        return "".join(element.itertext())


def markers(group: ET.Element) -> int:
    """How many markers a Line2D group draws (one <use> each)."""
    return len(list(group.iter(f"{SVG}use")))


def line_path(group: ET.Element) -> str:
    """The d attribute of a Line2D's own stroke (not its marker definition)."""
    paths = group.findall(f"{SVG}path")
    assert paths, "no line path"
    return paths[0].attrib["d"]


def subpaths(d: str) -> int:
    return len(re.findall(r"\bM\b", d))


def rect_of(group: ET.Element) -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) of a bar drawn as one closed path (SVG y grows downward)."""
    path = group.find(f"{SVG}path")
    assert path is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def uses_pattern(group: ET.Element) -> bool:
    """A hatched patch is filled with an SVG pattern."""
    return any("url(#h" in e.attrib.get("style", "") for e in group.iter())


def text_y(group: ET.Element) -> float:
    element = next(group.iter(f"{SVG}text"))
    return float(element.attrib["y"])


def text_anchor(group: ET.Element) -> str:
    element = next(group.iter(f"{SVG}text"))
    match = re.search(r"text-anchor: (\w+)", element.attrib["style"])
    assert match is not None
    return match.group(1)
