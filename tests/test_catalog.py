"""Finding content: which files make the catalog, and which version of a checklist is the newest."""

from __future__ import annotations

from pathlib import Path

import pytest

from normcheck.catalog import Catalog, version_order


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        (["2024.10", "2024.9", "2024.1"], ["2024.1", "2024.9", "2024.10"]),
        (["10", "9", "1.0"], ["1.0", "9", "10"]),
        (["2025.1", "2025.1a", "2024.12"], ["2024.12", "2025.1", "2025.1a"]),
        (["v2", "v10", "1"], ["1", "v2", "v10"]),
    ],
)
def test_versions_sort_by_their_numbers_not_as_text(versions: list[str], expected: list[str]) -> None:
    assert sorted(versions, key=version_order) == expected


def _copy_of_asean(repo: Path, folder: Path, version: str, supersedes: str | None = None) -> None:
    text = (repo / "checklists" / "asean-nic.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "2024.1"', f'version: "{version}"', 1)
    if supersedes is not None:
        text += f'supersedes:\n  version: "{supersedes}"\n  changes: []\n'
    (folder / f"asean-{version}.yaml").write_text(text, encoding="utf-8")


def test_the_latest_of_unlinked_versions_is_the_highest_number(tmp_path: Path, repo: Path) -> None:
    for version in ("2024.9", "2024.10"):
        _copy_of_asean(repo, tmp_path, version)
    catalog = Catalog.discover([tmp_path])
    assert catalog.versions_of("asean-nic") == ["2024.1", "2024.9", "2024.10"]
    latest = catalog.latest("asean-nic")
    assert latest is not None
    assert latest.value.version == "2024.10"


def test_the_latest_is_the_version_nothing_supersedes_whatever_its_label(tmp_path: Path, repo: Path) -> None:
    _copy_of_asean(repo, tmp_path, "2000.1", supersedes="2024.1")  # a lower label, but declared newer
    catalog = Catalog.discover([tmp_path])
    latest = catalog.latest("asean-nic")
    assert latest is not None
    assert latest.value.version == "2000.1"
    assert catalog.latest("no-such-checklist") is None
