"""`build_each`: one scorecard per assessment, written as each arrives, with a bounded number of jobs in flight."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from normcheck.catalog import Catalog
from normcheck.errors import UsageError
from normcheck.report import build
from normcheck.report.build import ReportOptions, available_cpus, build_each
from normcheck.report.entries import Entry, Listed


@pytest.fixture
def first_pages(tmp_path: Path) -> ReportOptions:
    """The first page of each scorecard only, to keep the tests quick."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "scorecard.html").write_text(
        '{% extends "base.html" %}{% import "_macros.html" as m %}{% block body %}{{ m.summary(report.card) }}'
        "{% endblock %}", encoding="utf-8")
    return ReportOptions(template_dir=templates, attach=False)


def test_each_file_is_written_as_it_arrives_with_few_jobs_in_flight(
    tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog, first_pages: ReportOptions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = load("asean")
    built: list[str] = []
    real_job = build.pdf_job

    def counting_job(view: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(view.card.header.file)
        return real_job(view, *args, **kwargs)

    monkeypatch.setattr(build, "pdf_job", counting_job)
    out = tmp_path / "cards"
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, name: str) -> None:
        assert (out / name).is_file()  # written before the next one is reported
        assert len(built) - done <= 2 * 2 - 1  # at most two jobs per worker were ever waiting
        seen.append((done, total))

    listed, load = _listed(entries)
    written, warnings = build_each(listed, load, catalog, first_pages, out, workers=2, progress=progress,
                                   environ={})
    assert seen == [(i, len(entries)) for i in range(1, len(entries) + 1)]
    assert sorted(p.name for p in written) == sorted(p.name for p in out.iterdir())
    assert len(written) == len(entries) == 7
    assert warnings == []


def _listed(entries: list[Entry], loaded: list[str] | None = None) -> tuple[list[Listed], Callable[[Path], Entry]]:
    by_path = {e.path: e for e in entries}

    def load(path: Path) -> Entry:
        if loaded is not None:
            loaded.append(path.name)
        return by_path[path]

    return [Listed.of(e) for e in entries], load


def test_assessments_are_loaded_only_as_their_scorecards_are_rendered(
    tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog, first_pages: ReportOptions,
) -> None:
    loaded: list[str] = []
    at_first: list[int] = []
    listed, loader = _listed(load("asean"), loaded)
    build_each(listed, loader, catalog, first_pages, tmp_path / "cards", workers=2, environ={},
               progress=lambda done, total, name: at_first.append(len(loaded)) if done == 1 else None)
    # Seven scorecards, and Thailand's 2024 card loads its 2023 assessment again for the trend.
    assert sorted(loaded) == sorted([*(e.path.name for e in listed), "tha-2023.yaml"])
    assert at_first[0] <= 5  # the four jobs in flight (one with an earlier assessment), not all seven


def test_a_file_that_changes_while_rendering_is_reported(
    tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog, first_pages: ReportOptions,
) -> None:
    sgp, khm = load("asean/sgp-2024.yaml", "asean/khm-2024.yaml")
    with pytest.raises(UsageError, match=r"sgp-2024\.yaml changed while the scorecards were being rendered"):
        build_each([Listed.of(sgp)], lambda path: khm, catalog, first_pages, tmp_path / "x", workers=1,
                   environ={})


def test_workers_below_one_are_refused(tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    listed, loader = _listed(load("asean/sgp-2024.yaml"))
    with pytest.raises(UsageError, match="--workers 0: give 1 or more"):
        build_each(listed, loader, catalog, ReportOptions(), tmp_path / "x", workers=0)
    assert not (tmp_path / "x").exists()


def test_the_default_is_the_cpus_this_process_may_use() -> None:
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this system")
    assert available_cpus() == len(os.sched_getaffinity(0)) >= 1
