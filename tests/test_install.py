"""The built wheel carries its content and works from a folder that is not the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(repo)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("normcheck-*.whl")
    return built


def test_the_wheel_ships_checklists_templates_and_schemas(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "normcheck/_data/checklists/asean-nic.yaml" in names
    assert "normcheck/_data/checklists/maturity-model.yaml" in names
    assert "normcheck/_data/schema/assessment.schema.json" in names
    assert any(n.startswith("normcheck/_data/report_templates/") for n in names)


def test_the_installed_package_scores_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    # The installed copy comes first on the path, ahead of the editable install of the checkout.
    env = {**os.environ, "PYTHONPATH": str(target)}
    cli = [sys.executable, "-c", "from normcheck.cli import main; main()"]

    def normcheck(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], cwd=work, env=env, capture_output=True, text=True, check=False)

    where = subprocess.run(
        [sys.executable, "-c", "import normcheck; print(normcheck.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target))
    listing = normcheck("checklists")
    assert listing.returncode == 0, listing.stderr
    assert str(target) in listing.stdout
    assert normcheck("init", "--checklist", "asean-nic", "--country", "KHM", "-o", "khm.yaml").returncode == 0
    scored = normcheck("score", "khm.yaml", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["country"] == "KHM"
