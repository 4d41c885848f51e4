"""``magnerve export all`` and ``magnerve import all``: a whole backup in one JSON file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from magnerve.errors import InvalidInput
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

export_app = typer.Typer(
    help="Save records to a file: a backup that 'magnerve import all' restores.",
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Restore records from a file written by 'magnerve export all'.", no_args_is_help=True
)


@export_app.command("all")
def export_all(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The file to write, e.g. backup.json.")],
    clinic: Annotated[
        bool,
        typer.Option(
            "--clinic", help="Every person, with the accounts and care grants (for an admin)."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write a lossless backup of your records (see --person), or the whole clinic's, to a JSON
    file only you can read. Restore it with 'magnerve import all FILE'."""
    from magnerve.services.backup import summarize

    _refuse_existing(out, force)
    magnerve = app_of(ctx)
    doc = (
        magnerve.backup.export_clinic()
        if clinic
        else magnerve.backup.export_person(magnerve.person_handle)
    )
    written = _write_private(out, _encode(doc), force=force)
    summary = summarize(doc)
    payload = {
        "out": str(written),
        "scope": summary.scope,
        "people": summary.people,
        "records": summary.records,
    }

    def render() -> None:
        _render_records("Wrote", summary.people, summary.records)
        console.print(f"Saved to {written} (readable only by you).")
        console.print(
            "Keep it safe: it holds health records" + (" and password hashes." if clinic else ".")
        )

    emit(payload, as_json, render)


@import_app.command("all")
def import_all(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by 'magnerve export all'.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add the people (and, from a clinic backup, the accounts) in FILE to this database. The
    file is checked first; if anything is wrong, nothing is imported."""
    summary = app_of(ctx).backup.import_document(_read_document(file))
    payload = {"scope": summary.scope, "people": summary.people, "records": summary.records}
    emit(payload, as_json, lambda: _render_records("Imported", summary.people, summary.records))


def _render_records(verb: str, people: list[str], records: dict[str, int]) -> None:
    from rich.table import Table

    who = "1 person" if len(people) == 1 else f"{len(people)} people"
    console.print(f"{verb} the records of {who}: {', '.join(people) or 'nobody'}.")
    table = Table("Table", "Rows")
    for name, count in records.items():
        table.add_row(name, str(count))
    console.print(table)


def _encode(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _read_document(file: Path) -> Any:
    path = file.expanduser()
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist", field="file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a file", field="file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a text (UTF-8) file", field="file") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            field="file",
            hint="Use the file exactly as 'magnerve export all' wrote it. Nothing was imported.",
        ) from None


def _refuse_existing(path: Path, force: bool) -> None:
    target = path.expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder, not a file", field="out")
    if target.exists() and not force:
        raise InvalidInput(
            f"{target} already exists",
            field="out",
            hint="Choose another file name, or add --force to replace it.",
        )


def _write_private(path: Path, data: bytes, *, force: bool) -> Path:
    """Write through a temporary file (mode 0600) in the same folder, then move it into place:
    never half a file, never readable by others, never over an existing file unless ``force``."""
    target = path.expanduser()
    _refuse_existing(target, force)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise InvalidInput(
            f"cannot write in {target.parent}: {exc.strerror}",
            field="out",
            hint="Give a file in an existing folder you may write to.",
        ) from None
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _move_into_place(Path(temporary), target, force=force)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _move_into_place(temporary: Path, target: Path, *, force: bool) -> None:
    if not force:
        try:
            os.link(temporary, target)  # atomic, and fails if the file appeared meanwhile
            return
        except FileExistsError:
            _refuse_existing(target, force)
        except OSError:
            _refuse_existing(target, force)  # a file system without links: check, then move
    temporary.replace(target)
