"""How every chart looks and speaks: Okabe–Ito colours, sizes legible at phone width, plain text.

No matplotlib import here: these are plain values and text helpers.
"""

from __future__ import annotations

import math
import textwrap
from datetime import date

# Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision type.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#595959"  # text-grade grey (7:1 on white) for secondary marks

FIGSIZE = (6.4, 3.6)  # inches; scales down to a phone's width with the text still readable
FONT_PT = 10
TITLE_PT = 11
WRAP_CHARS = 72  # about one line of 10-11 pt text across the figure

NO_DATA = "No data yet"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date, *, year: bool = True) -> str:
    """``1 Mar 2026`` whatever the process locale."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def span_text(first: date, last: date) -> str:
    """``1 Mar to 30 May 2026``, ``on 4 Mar 2026``, or with both years when they differ."""
    if first == last:
        return f"on {day_text(first)}"
    return f"from {day_text(first, year=first.year != last.year)} to {day_text(last)}"


def number_text(value: float, digits: int = 3) -> str:
    """A value as a person would write it: 0.82, 6.1, 88, 1240 (no exponent, no float noise)."""
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1):
        return f"{value:.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WRAP_CHARS)) or text
