"""CLI wiring: arguments reach the library, output goes to the right stream, exit codes are as documented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcheck.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    path = tmp_path / "tha.yaml"
    code, _, err = run("init", "--checklist", "asean-nic", "--country", "THA", "-o", str(path))
    assert code == 0, err
    return path


@pytest.fixture
def answered(blank: Path) -> Path:
    """The blank file with norm (a) answered up to tier 2 and one unevidenced claim on norm (b)."""
    evidence = '[{title: "Ministerial statement", reference: "Cabinet paper 7/2024", type: statement}]'
    text = blank.read_text(encoding="utf-8")
    for item_id in ("asean-a-01", "asean-a-02"):
        text = text.replace(
            f"  {item_id}:\n    status:\n    evidence: []", f"  {item_id}:\n    status: full\n    evidence: {evidence}"
        )
    text = text.replace("  asean-b-01:\n    status:", "  asean-b-01:\n    status: full")
    path = blank.with_name("answered.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def test_init_writes_a_blank_assessment_that_validates(blank: Path) -> None:
    text = blank.read_text(encoding="utf-8")
    assert "  asean-g-01:\n    status:\n" in text
    assert "# [tier 1, " in text
    code, _, err = run("validate", str(blank))
    assert code == 0, err
    assert "1 file(s) checked: 0 error(s), 2 warning(s)." in err  # no assessors, no statuses yet


def test_init_refuses_to_overwrite(blank: Path) -> None:
    before = blank.read_bytes()
    code, _, err = run("init", "--checklist", "asean-nic", "--country", "THA", "-o", str(blank))
    assert code == 2
    assert "already exists; choose another name or pass --force" in err
    assert blank.read_bytes() == before


def test_init_rejects_an_unknown_country_and_checklist(tmp_path: Path) -> None:
    code, _, err = run("init", "--checklist", "asean-nic", "--country", "Thailand", "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "did you mean 'THA' (Thailand)?" in err
    code, _, err = run("init", "--checklist", "nope", "--country", "THA", "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "no checklist 'nope'" in err
    assert not (tmp_path / "x.yaml").exists()


def test_score_json_has_the_documented_shape(answered: Path) -> None:
    code, out, _ = run("score", str(answered), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["country"] == "THA"
    assert data["checklist"]["id"] == "asean-nic"
    assert data["checklist"]["version"] == "2024.1"
    assert data["model"]["id"] == "normcheck-maturity"
    assert set(data["overall"]) >= {"stage", "stage_name", "index", "weakest", "coverage"}
    norm_a = data["norms"][0]
    assert set(norm_a) >= {
        "id",
        "title",
        "stage",
        "stage_name",
        "index",
        "met",
        "applicable",
        "blockers",
        "unevidenced",
    }
    assert norm_a["stage"] >= 1
    assert data["norms"][1]["unevidenced"] == ["asean-b-01"]
    assert isinstance(data["warnings"], list)


def test_score_table_and_explain(answered: Path) -> None:
    code, out, _ = run("score", str(answered), "--explain")
    assert code == 0
    assert "Thailand (THA)" in out
    assert "tier 1: holds" in out
    assert "claimed without evidence (counted as partial): asean-b-01" in out


def test_score_csv_has_a_row_per_norm_and_an_overall_row(answered: Path) -> None:
    code, out, _ = run("score", str(answered), "-f", "csv")
    assert code == 0
    rows = out.strip().splitlines()
    assert rows[0].startswith("file,country,date,checklist")
    assert len(rows) == 1 + 11 + 1
    assert ",overall," in rows[-1]


def test_fail_under_sets_exit_code_1(answered: Path) -> None:
    assert run("score", str(answered), "--fail-under", "0")[0] == 0
    code, _, err = run("score", str(answered), "--fail-under", "established")
    assert code == 1
    assert "is below 3" in err


def test_bad_format_and_threshold_are_usage_errors(answered: Path) -> None:
    assert run("score", str(answered), "--format", "xml")[0] == 2
    assert run("score", str(answered), "--fail-under", "9")[0] == 2


def test_invalid_input_exits_3_with_every_error_and_no_traceback(blank: Path) -> None:
    text = blank.read_text(encoding="utf-8")
    text = text.replace("  asean-a-01:\n    status:", "  asean-a-01:\n    status: done")
    text = text.replace("country: THA", "country: ZZZ")
    blank.write_text(text, encoding="utf-8")
    code, out, err = run("score", str(blank))
    assert code == 3
    assert out == ""
    assert "Traceback" not in err
    assert f"{blank}:10:10: country: 'ZZZ' is not an ISO 3166-1 alpha-3 country code" in err
    assert "responses.asean-a-01.status: 'done' is not allowed" in err
    assert "normcheck: 2 error(s); nothing was scored or written." in err


def test_validate_the_shipped_content(repo: Path) -> None:
    code, _, err = run("validate", str(repo / "checklists"))
    assert code == 0, err


def test_checklists_lists_built_in_content() -> None:
    code, out, _ = run("checklists")
    assert code == 0
    assert "asean-nic 2024.1\t88 items\tbuilt-in" in out or "asean-nic 2024.1" in out


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path / "nope.yaml"))
    assert code == 3
    assert "cannot read the file" in err


def test_committed_json_schema_is_current(repo: Path) -> None:
    code, _, err = run("schema", "--check", "-o", str(repo / "schema"))
    assert code == 0, err


def test_schema_writes_the_files(tmp_path: Path) -> None:
    code, _, _ = run("schema", "-o", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "assessment.schema.json",
        "checklist.schema.json",
        "maturity_model.schema.json",
        "norms.schema.json",
    ]
    schema = json.loads((tmp_path / "assessment.schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False


def test_score_does_not_import_weasyprint(answered: Path) -> None:
    code = (
        "import sys; from normcheck.cli import main; sys.argv=['normcheck','score',sys.argv[1]];\n"
        "try:\n main()\nexcept SystemExit: pass\nassert 'weasyprint' not in sys.modules, 'weasyprint imported'"
    )
    result = subprocess.run([sys.executable, "-c", code, str(answered)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_command_has_help_and_a_readme_row(repo: Path) -> None:
    import typer.main

    readme = (repo / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    assert len(names) >= 10
    for name in names:
        code, out, _ = run(*name.split(), "--help")
        assert code == 0, name
        assert "Usage:" in out
        assert f"| `normcheck {name}" in readme, f"README has no row for `normcheck {name}`"


def test_readme_opens_with_the_two_set_up_commands(repo: Path) -> None:
    text = (repo / "README.md").read_text(encoding="utf-8")
    commands = [line for line in text.splitlines()[:20] if line.startswith("bash scripts/setup.sh && ")]
    assert commands == [
        "bash scripts/setup.sh && .venv/bin/normcheck report assessments/asean -o asean-regional.pdf --force",
        "bash scripts/setup.sh && .venv/bin/python -m pytest",
    ]
    assert commands[1].split("&& ", 1)[1] in (repo / ".ci" / "run").read_text(encoding="utf-8")
