"""Print docs/rules.md: the safety rules reference generated from knowledge/rules/*.yaml."""

from __future__ import annotations

import sys

from magnerve.knowledge.load import load_citations, load_rules
from magnerve.knowledge.rules_reference import render_rules_markdown

sys.stdout.write(render_rules_markdown(load_rules(), load_citations()))
