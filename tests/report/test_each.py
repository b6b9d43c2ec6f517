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
from normcheck.report.entries import Entry


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

    written, warnings = build_each(entries, catalog, first_pages, out, workers=2, progress=progress, environ={})
    assert seen == [(i, len(entries)) for i in range(1, len(entries) + 1)]
    assert sorted(p.name for p in written) == sorted(p.name for p in out.iterdir())
    assert len(written) == len(entries) == 7
    assert warnings == []


def test_workers_below_one_are_refused(tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="--workers 0: give 1 or more"):
        build_each(load("asean/sgp-2024.yaml"), catalog, ReportOptions(), tmp_path / "x", workers=0)
    assert not (tmp_path / "x").exists()


def test_the_default_is_the_cpus_this_process_may_use() -> None:
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this system")
    assert available_cpus() == len(os.sched_getaffinity(0)) >= 1
