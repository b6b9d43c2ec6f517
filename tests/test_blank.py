"""`normcheck init`: the blank assessment's schema line finds the schema from wherever the file is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcheck import yamlio
from normcheck.blank import blank_assessment
from normcheck.catalog import Catalog, packaged_dir
from normcheck.cli import app

runner = CliRunner()
SCHEMA_LINE = "# yaml-language-server: $schema="


def schema_of(output: Path) -> str:
    result = runner.invoke(app, ["init", "--checklist", "asean-nic", "--country", "THA", "-o", str(output)])
    assert result.exit_code == 0, result.output
    first = output.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    return first.removeprefix(SCHEMA_LINE)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A facilitator's folder with a copy of the schema folder, as in a checkout of this repository."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "assessment.schema.json").write_text("{}", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("tha.yaml", "schema/assessment.schema.json"),
        ("assessments/tha.yaml", "../schema/assessment.schema.json"),
        ("assessments/asean/2026/tha.yaml", "../../../schema/assessment.schema.json"),
    ],
)
def test_the_schema_path_is_relative_to_the_file_written(project: Path, where: str, expected: str) -> None:
    output = project / where
    output.parent.mkdir(parents=True, exist_ok=True)
    ref = schema_of(output)
    assert ref == expected
    assert (output.parent / ref).resolve() == (project / "schema" / "assessment.schema.json").resolve()


def test_without_a_schema_folder_above_it_names_the_installed_schema(tmp_path: Path) -> None:
    ref = schema_of(tmp_path / "tha.yaml")
    shipped = packaged_dir("schema") / "assessment.schema.json"
    assert ref == shipped.as_posix()
    assert Path(ref).is_absolute()
    assert Path(ref).is_file()


def test_a_relative_output_path_works_from_the_current_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    (project / "assessments").mkdir()
    assert schema_of(Path("assessments") / "tha.yaml") == "../schema/assessment.schema.json"
    assert (Path("assessments") / "../schema/assessment.schema.json").is_file()


def test_blank_assessment_writes_the_reference_it_is_given(catalog: Catalog) -> None:
    checklist = catalog.checklists[("asean-nic", "2024.1")].value
    norms = catalog.norm_sets[checklist.norms].value
    text = blank_assessment(checklist, norms, "THA", dt.date(2026, 11, 22), schema="x/y.json")
    assert text.startswith(f"{SCHEMA_LINE}x/y.json\n")
    assert yamlio.parse(text, "blank.yaml").data["country"] == "THA"
