"""Every command that writes goes through write_atomic: an existing file is kept without --force, replaced with it,
and an interrupted write leaves neither half a file nor a temporary one behind."""

from __future__ import annotations

import errno
import os
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from normcheck import writing
from normcheck.cli import app
from normcheck.schemas import schema_texts

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
KEEP = b"keep me\n"
MINI = """kind: assessment
checklist: {id: mini, version: "1.0"}
country: THA
date: 2025-06-30
perspective: government
assessors: [{name: Team}]
illustrative: true
responses: {}
"""

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@dataclass(frozen=True)
class Command:
    """A command line that writes `target`, given the folder to work in."""

    args: Callable[[Path], list[str | Path]]
    target: Callable[[Path], Path]


def _form(folder: Path) -> Path:
    form = folder / "form.xlsx"
    if not form.exists():
        result = run("sheet", "export", "--checklist", "asean-nic", "--country", "THA", "-o", form)
        assert result.exit_code == 0, result.output
    return form


def _mini(folder: Path) -> Path:
    path = folder / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


SGP = DATA / "report" / "asean" / "sgp-2024.yaml"
COMMANDS = {
    "init": Command(lambda f: ["init", "--checklist", "asean-nic", "--country", "THA", "-o", f / "out" / "tha.yaml"],
                    lambda f: f / "out" / "tha.yaml"),
    "report": Command(lambda f: ["report", SGP, "-o", f / "out" / "sgp.html"], lambda f: f / "out" / "sgp.html"),
    "report --each": Command(lambda f: ["report", "--each", SGP, "-o", f / "out", "--format", "html"],
                             lambda f: f / "out" / "sgp-2024.html"),
    "migrate": Command(lambda f: ["migrate", _mini(f), "--to", DATA / "versions" / "mini-2.0.yaml", "-o", f / "out",
                                  "--checklists", DATA / "versions"],
                       lambda f: f / "out" / "mini.yaml"),
    "sheet export": Command(lambda f: ["sheet", "export", "--checklist", "asean-nic", "--country", "THA", "-o",
                                       f / "out" / "form.xlsx"],
                            lambda f: f / "out" / "form.xlsx"),
    "sheet import": Command(lambda f: ["sheet", "import", _form(f), "-o", f / "out" / "tha.yaml"],
                            lambda f: f / "out" / "tha.yaml"),
    "schema": Command(lambda f: ["schema", "-o", f / "out"], lambda f: f / "out" / next(iter(schema_texts()))),
}
NAMES = sorted(COMMANDS)


def _prepare(tmp_path: Path, name: str, *, existing: bool) -> tuple[list[str | Path], Path]:
    command = COMMANDS[name]
    (tmp_path / "out").mkdir()
    args, target = command.args(tmp_path), command.target(tmp_path)
    if existing:
        target.write_bytes(KEEP)
    return args, target


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", NAMES)
def test_an_existing_file_is_kept_without_force(tmp_path: Path, name: str) -> None:
    args, target = _prepare(tmp_path, name, existing=True)
    before = sorted(p.name for p in target.parent.iterdir())
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "already exist" in result.stderr
    assert "--force" in result.stderr
    assert target.read_bytes() == KEEP
    assert sorted(p.name for p in target.parent.iterdir()) == before


@pytest.mark.parametrize("name", NAMES)
def test_force_replaces_it(tmp_path: Path, name: str) -> None:
    args, target = _prepare(tmp_path, name, existing=True)
    result = run(*args, "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() not in (KEEP, b"")
    assert not _leftovers(tmp_path)


class _HalfWriter:
    """A file handle that gets half the bytes onto the disk, then finds it full."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _disk_full(fd: int, mode: str) -> _HalfWriter:
    return _HalfWriter(os.fdopen(fd, mode))


def _interrupted(fd: int) -> None:
    raise KeyboardInterrupt


FAILURES = {
    # a full disk halfway through the bytes: a message and exit 2, not a traceback
    "disk full midway": (types.SimpleNamespace(fdopen=_disk_full, fsync=os.fsync), 2),
    # Ctrl-C after every byte is written but before the rename: typer exits 130, as a shell does on SIGINT
    "interrupted before the rename": (types.SimpleNamespace(fdopen=os.fdopen, fsync=_interrupted), 130),
}


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "replacing a file"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("name", NAMES)
def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, failure: str, existing: bool
) -> None:
    args, target = _prepare(tmp_path, name, existing=existing)  # inputs such as the form are made first
    fake_os, exit_code = FAILURES[failure]
    monkeypatch.setattr(writing, "os", fake_os)
    result = run(*args, "--force")
    assert result.exit_code == exit_code, result.output
    if exit_code == 2:
        assert f"normcheck: cannot write {target}: No space left on device" in result.stderr
    if existing:
        assert target.read_bytes() == KEEP
    else:
        assert not target.exists()
    assert not _leftovers(tmp_path)


WRITES = re.compile(r"(?<![\w.])open\(|\.open\(|write_text\(|write_bytes\(|\.save\(|mkstemp\(|shutil\.copy")


def test_no_command_writes_a_file_but_through_write_atomic() -> None:
    """A writer that bypasses write_atomic would be neither atomic nor held to --force."""
    found = [
        f"{path.relative_to(REPO / 'src')}: {line.strip()}"
        for path in sorted((REPO / "src" / "normcheck").rglob("*.py")) if path.name != "writing.py"
        for line in path.read_text(encoding="utf-8").splitlines() if WRITES.search(line)
    ]
    assert found == ["normcheck/sheets.py: wb.save(buffer)"]  # an io.BytesIO; the bytes go to write_atomic


def test_a_refusal_leaves_every_output_of_a_run_unwritten(tmp_path: Path) -> None:
    """migrate writes one file per input: all are checked before the first is written."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (inputs / name).write_text(MINI, encoding="utf-8")
    (out / "b.yaml").write_bytes(KEEP)
    result = run("migrate", inputs, "--to", DATA / "versions" / "mini-2.0.yaml", "-o", out,
                 "--checklists", DATA / "versions")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"normcheck: {out / 'b.yaml'} already exists; choose another name or pass --force to replace it")
    assert [p.name for p in out.iterdir()] == ["b.yaml"]
    assert (out / "b.yaml").read_bytes() == KEEP
