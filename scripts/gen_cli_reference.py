"""Print docs/cli.md: the CLI reference generated from every command's --help."""

from __future__ import annotations

import sys

from magnerve.interfaces.cli.reference import render_markdown

sys.stdout.write(render_markdown())
