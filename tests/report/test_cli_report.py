"""`normcheck report`: wiring, messages, exit codes, --each, and weasyprint kept off the other paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from normcheck.cli import app

runner = CliRunner()


def _run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *map(str, args)])
    return result.exit_code, result.stderr


def test_a_scorecard_as_html(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "tha.html"
    code, err = _run(data_dir / "asean" / "tha-2023.yaml", data_dir / "asean" / "tha-2024.yaml", "-o", out)
    assert (code, err.splitlines()[-1]) == (0, f"Wrote {out}: scorecard of 1 country(ies).")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_folder_gives_a_comparative_report(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "region.html"
    code, err = _run(data_dir / "asean", "-o", out, "--title", "Our region")
    assert (code, err.splitlines()[-1]) == (0, f"Wrote {out}: comparative report of 6 country(ies).")
    assert "<title>Our region</title>" in out.read_text(encoding="utf-8")


def test_existing_output_is_kept_without_force(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "sgp.html"
    out.write_text("keep me", encoding="utf-8")
    code, err = _run(data_dir / "asean" / "sgp-2024.yaml", "-o", out)
    assert (code, err.strip().splitlines()[-1]) == (
        2, f"normcheck: {out} already exists; choose another name or pass --force to replace it")
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _ = _run(data_dir / "asean" / "sgp-2024.yaml", "-o", out, "--force")
    assert code == 0
    assert out.read_text(encoding="utf-8") != "keep me"


def test_mixed_checklists_are_refused(tmp_path: Path, data_dir: Path) -> None:
    code, err = _run(data_dir / "asean" / "sgp-2024.yaml", data_dir / "un", "-o", tmp_path / "x.pdf")
    assert code == 2
    assert err.strip().splitlines()[-1].startswith(
        "normcheck: a report compares assessments of one checklist version, but these answer different ones: "
        "asean-nic 2024.1 (1 file(s): sgp-2024.yaml); un-norms 1.0 (1 file(s): fji-2024.yaml).")
    assert not (tmp_path / "x.pdf").exists()


def test_an_invalid_assessment_is_an_input_error(tmp_path: Path, data_dir: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((data_dir / "asean" / "sgp-2024.yaml").read_text(encoding="utf-8").replace(
        "status: full", "status: done", 1), encoding="utf-8")
    code, err = _run(bad, "-o", tmp_path / "x.pdf")
    assert code == 3
    assert "'done' is not allowed; expected one of:" in err
    assert err.strip().splitlines()[-1] == "normcheck: 1 error(s); nothing was scored or written."


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, data_dir: Path) -> None:
    code, err = _run(data_dir / "asean" / "sgp-2024.yaml", "-o", tmp_path / "x", "--format", "docx")
    assert code == 2
    assert "'docx': choose pdf or html" in err


def test_each_writes_one_html_scorecard_per_assessment(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "cards"
    code, err = _run("--each", data_dir / "asean", "-o", out, "--format", "html")
    assert (code, err.strip().splitlines()[-1]) == (0, f"Wrote 7 scorecard(s) to {out}.")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{p.stem}.html" for p in (data_dir / "asean").glob("*.yaml"))
    assert "Trend since 2023-06-01" in (out / "tha-2024.html").read_text(encoding="utf-8")
    assert "Trend since" not in (out / "tha-2023.html").read_text(encoding="utf-8")
    code, err = _run("--each", data_dir / "asean", "-o", out, "--format", "html")
    assert code == 2
    assert "already exist(s); pass --force to replace" in err


def test_each_gives_the_same_files_with_one_worker_or_two(tmp_path: Path, data_dir: Path) -> None:
    templates = tmp_path / "templates"  # the first page of each scorecard only, to keep the test quick
    templates.mkdir()
    (templates / "scorecard.html").write_text(
        '{% extends "base.html" %}{% import "_macros.html" as m %}{% block body %}{{ m.summary(report.card) }}'
        "{% endblock %}", encoding="utf-8")
    inputs = [data_dir / "asean" / n for n in ("sgp-2024.yaml", "mmr-2024.yaml", "tha-2023.yaml", "tha-2024.yaml")]
    written = {}
    for workers in ("1", "2"):
        out = tmp_path / f"cards-{workers}"
        code, err = _run("--each", *inputs, "-o", out, "--no-attach", "--workers", workers,
                         "--template-dir", templates)
        assert code == 0, err
        assert "Rendering" in err
        written[workers] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(written["1"]) == ["mmr-2024.pdf", "sgp-2024.pdf", "tha-2023.pdf", "tha-2024.pdf"]
    # One process reusing its fonts and stylesheet for every file, or two processes: the same bytes.
    assert written["1"] == written["2"]
    for name, country in (("sgp-2024.pdf", "Singapore"), ("tha-2024.pdf", "Thailand")):
        reader = PdfReader(tmp_path / "cards-2" / name)
        assert country in reader.pages[0].extract_text()
        assert reader.attachments == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--each", "--workers", "0"], "Invalid value for '--workers'"),
     (["--workers", "2"], "applies to --each only")],
)
def test_workers_must_be_positive_and_go_with_each(args: list[str], message: str, tmp_path: Path,
                                                   data_dir: Path) -> None:
    code, err = _run(data_dir / "asean" / "sgp-2024.yaml", "-o", tmp_path / "out", *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "out").exists()


def test_report_help_lists_its_options() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--each", "--workers", "--format", "--title", "--template-dir", "--no-attach", "--ready-min",
                   "--force"):
        assert option in result.output


def _modules_after(args: list[str], tmp_path: Path) -> str:
    code = (
        "import sys\n"
        "from normcheck.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasyprint' in sys.modules, 'normcheck.report.pdf' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("command", ["score", "validate"])
def test_scoring_never_imports_weasyprint(command: str, tmp_path: Path, data_dir: Path) -> None:
    assert _modules_after([command, str(data_dir / "asean" / "sgp-2024.yaml")], tmp_path) == "False False"


def test_an_html_report_never_imports_weasyprint(tmp_path: Path, data_dir: Path) -> None:
    args = ["report", str(data_dir / "asean" / "sgp-2024.yaml"), "-o", str(tmp_path / "x.html")]
    assert _modules_after(args, tmp_path) == "False False"
    assert (tmp_path / "x.html").is_file()


def test_rendering_in_worker_processes_never_imports_weasyprint_here(tmp_path: Path, data_dir: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "scorecard.html").write_text(
        '{% extends "base.html" %}{% block body %}<h1>{{ report.card.header.country_name }}</h1>{% endblock %}',
        encoding="utf-8")
    args = ["report", "--each", str(data_dir / "asean" / "sgp-2024.yaml"), str(data_dir / "asean" / "mmr-2024.yaml"),
            "-o", str(tmp_path / "cards"), "--workers", "2", "--template-dir", str(templates)]
    assert _modules_after(args, tmp_path) == "False False"
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == ["mmr-2024.pdf", "sgp-2024.pdf"]


def test_a_missing_glyph_is_reported_with_the_package_to_install(tmp_path: Path, data_dir: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "scorecard.html").write_text(
        '{% extends "base.html" %}{% block body %}<p>A private-use character: \ue000</p>{% endblock %}',
        encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, err = _run(data_dir / "asean" / "sgp-2024.yaml", "-o", out, "--template-dir", templates, "--no-attach")
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert "normcheck: warning: no installed font has the characters '\\ue000' (U+E000)" in err
    assert "install the Debian package fonts-noto-core (sudo apt-get install fonts-noto-core)" in err
