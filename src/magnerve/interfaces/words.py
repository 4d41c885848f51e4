"""Words and symbols every interface shows for the same things (pages, report, CLI).

A severity is always a word and a symbol the shipped font (DejaVu Sans) can draw; colour only
repeats it.
"""

from __future__ import annotations

SEVERITY_WORDS = {"urgent": "Urgent", "warning": "Warning", "caution": "Caution", "info": "Note"}
SEVERITY_SYMBOLS = {"urgent": "‼", "warning": "⚠", "caution": "!", "info": "ℹ"}
