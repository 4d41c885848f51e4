"""Writing files the person asked for (calendars, charts, reports): whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from magnerve.errors import InvalidInput


def write_atomically(path: Path, data: bytes, *, field: str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it,
    so a failure never leaves half a file. A folder that does not exist, or cannot be written,
    raises :class:`InvalidInput` naming ``field``."""
    target = path.expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"the folder {folder} does not exist",
            field=field,
            hint="Give a file in an existing folder.",
        )
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder, not a file", field=field)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(
            f"cannot write in {folder}: {exc.strerror}", field=field, hint="Choose another folder."
        ) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
