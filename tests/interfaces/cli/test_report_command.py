"""``magnerve report``: the contract (--out .pdf|.html, --from/--to, --json keys), bad input
(exit 2, nothing written) and the HTML written instead when this computer cannot make PDFs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from magnerve.interfaces.report import pdf as pdf_module
from magnerve.knowledge.load import knowledge_version
from magnerve.services.demo import EXAMPLE_TIMEZONE
from tests.conftest import Cli
from tests.interfaces.report.poppler import pdf_info, pdf_text

KEYS = {"out", "format", "from", "to", "pages"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the report goes: its own folder (the records database sits in ``tmp_path``)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def _example_today() -> date:
    return datetime.now(ZoneInfo(EXAMPLE_TIMEZONE)).date()


def test_pdf_of_the_example_for_the_last_twelve_weeks(cli: Cli, folder: Path) -> None:
    cli.ok("demo", "load")
    out = folder / "report.pdf"
    data = cli.json("--person", "example", "report", "--out", str(out))
    assert set(data) == KEYS
    assert (data["out"], data["format"]) == (str(out), "pdf")
    last = date.fromisoformat(data["to"])
    assert last == _example_today()
    assert date.fromisoformat(data["from"]) == last - timedelta(days=83)
    assert data["pages"] == int(pdf_info(out)["Pages"]) and 1 <= data["pages"] <= 2
    text = pdf_text(out)
    assert "responder: the pre-stated response rule" in text
    assert f"knowledge data {knowledge_version()}" in text
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]  # no temporary file left


def test_html_for_a_chosen_period_and_human_output(cli: Cli, folder: Path) -> None:
    out = folder / "Report.HTML"
    args = ["report", "--out", str(out), "--from", "2026-01-01", "--to", "2026-02-15"]
    data = cli.json(*args)
    assert data == {
        "out": str(out),
        "format": "html",
        "from": "2026-01-01",
        "to": "2026-02-15",
        "pages": None,
    }
    document = out.read_text(encoding="utf-8")
    assert "1 Jan 2026 to 15 Feb 2026" in document
    human = cli.ok(*args).stdout
    assert f"Wrote the report for 2026-01-01 to 2026-02-15 to {out}" in human


@pytest.mark.parametrize("name", ["report.txt", "report", "report.pdf.txt"])
def test_out_must_end_in_pdf_or_html(cli: Cli, folder: Path, name: str) -> None:
    result = cli("report", "--out", str(folder / name), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "out"
    assert "--out must end in .pdf or .html" in result.stderr
    assert list(folder.iterdir()) == []
    assert not cli.db.exists()  # refused before the records were opened


@pytest.mark.parametrize(
    ("period", "field", "words"),
    [
        (["--from", "2026-03-10", "--to", "2026-03-01"], "from", "after it ends"),
        (["--from", "2026-02-30"], "from", "not a valid date"),
        (["--to", "2999-01-01"], "to", "in the future"),
    ],
)
def test_bad_periods_exit_2_and_write_nothing(
    cli: Cli, folder: Path, period: list[str], field: str, words: str
) -> None:
    result = cli("report", "--out", str(folder / "r.pdf"), *period, "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == field
    assert words in result.stderr
    assert list(folder.iterdir()) == []


def test_a_missing_folder_exits_2(cli: Cli, folder: Path) -> None:
    result = cli("report", "--out", str(folder / "nowhere" / "r.html"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(folder.iterdir()) == []


def test_without_pango_the_html_is_written_beside_and_the_user_is_told(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf_module, "load_weasyprint", no_pango)
    result = cli("report", "--out", str(folder / "doctor.pdf"), "--json")
    assert result.exit_code == 0
    beside = folder / "doctor.html"
    assert result.json()["out"] == str(beside) and result.json()["format"] == "html"
    assert result.json()["pages"] is None
    assert "Pango" in result.stderr and f"written as HTML instead: {beside}" in result.stderr
    assert beside.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (folder / "doctor.pdf").exists()
