"""Library entry points for reports: load, score, build the view, render HTML, and PDF through WeasyPrint."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from normcheck import __version__
from normcheck.catalog import Catalog, yaml_files
from normcheck.errors import InputError, Issue, UsageError, sort_issues
from normcheck.i18n import SOURCE_LANGUAGE, Fallback, Localised, localise, localise_subject
from normcheck.report.entries import (
    Entry,
    Listed,
    Series,
    check_one_checklist,
    group_series,
    series_for_each,
)
from normcheck.report.html import Templates
from normcheck.report.jobs import AttachedFile, PdfJob, PdfResult, render_job, start_worker
from normcheck.report.regional import RegionalReport, regional_report
from normcheck.report.scorecard import ScorecardReport, scorecard_report
from normcheck.resolve import load_subject
from normcheck.writing import write_atomic

Progress = Callable[[int, int, str], None]
E = TypeVar("E")


class OutputFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"

    @classmethod
    def for_path(cls, path: Path) -> OutputFormat:
        return cls.HTML if path.suffix.lower() in (".html", ".htm") else cls.PDF


@dataclass(frozen=True, slots=True)
class ReportOptions:
    fmt: OutputFormat = OutputFormat.PDF
    title: str | None = None
    template_dir: Path | None = None
    attach: bool = True
    ready_min: int = 2


@dataclass(frozen=True, slots=True)
class Built:
    """A rendered report: its bytes, what kind it is, and anything the reader should be told."""

    data: bytes
    kind: str
    countries: int
    pages: int | None
    warnings: tuple[str, ...]


def load_entries(paths: Sequence[Path], catalog: Catalog, today: dt.date,
                 model_id: str) -> tuple[list[Entry], list[Issue]]:
    """Load and score every assessment; raise InputError listing every problem in every file.
    Returns the entries and the warnings found while reading them."""
    return _load_all(paths, catalog, today, model_id, lambda entry: entry)


def list_entries(paths: Sequence[Path], catalog: Catalog, today: dt.date,
                 model_id: str) -> tuple[list[Listed], list[Issue]]:
    """Check and score every assessment as `load_entries` does, keeping only where each is and falls: for
    `build_each`, which loads each again as it renders it."""
    return _load_all(paths, catalog, today, model_id, Listed.of)


def _load_all(paths: Sequence[Path], catalog: Catalog, today: dt.date, model_id: str,
              keep: Callable[[Entry], E]) -> tuple[list[E], list[Issue]]:
    kept: list[E] = []
    checked: list[Listed] = []
    problems: list[Issue] = []
    warnings: list[Issue] = []
    for path in yaml_files(paths):
        try:
            subject = load_subject(path, catalog, today, model_id)
        except InputError as exc:
            problems.extend(exc.issues)
            continue
        warnings.extend(subject.warnings)
        entry = Entry(subject, subject.score())
        kept.append(keep(entry))
        checked.append(Listed.of(entry))
    if problems:
        raise InputError(sort_issues(problems))
    if not kept:
        raise UsageError("no assessment files found in the paths given")
    check_one_checklist(checked)
    return kept, warnings


def in_language(entries: Sequence[Entry], lang: str) -> tuple[list[Entry], Fallback | None]:
    """Entries re-scored with checklist and norm text in `lang`, English where a translation is missing, and
    what fell back to English (None in English)."""
    if lang == SOURCE_LANGUAGE:
        return list(entries), None
    # Entries answering the same checklist share one translated copy of it, not one each (88 items apiece).
    copies: dict[tuple[int, int], Localised] = {}
    out, fallback = [], None
    for entry in entries:
        subject = entry.subject
        key = (id(subject.checklist), id(subject.norms))
        if key not in copies:
            copies[key] = localise(subject.checklist, subject.norms, lang)
        localised = copies[key]
        subject = dataclasses.replace(subject, checklist=localised.checklist, norms=localised.norms)
        fallback = localised.fallback
        out.append(Entry(subject, subject.score()))
    return out, fallback


def language_fallback(catalog: Catalog, checklist_key: tuple[str, str], lang: str) -> Fallback:
    """What of a checklist and its norms has no text in `lang` and will be shown in English."""
    found = catalog.checklists[checklist_key].value
    return localise(found, catalog.norm_sets[found.norms].value, lang).fallback


def load_entry(path: Path, catalog: Catalog, today: dt.date, model_id: str,
               lang: str = SOURCE_LANGUAGE) -> Entry:
    """One assessment scored, with checklist and norm text in `lang` (English where a translation is missing)."""
    subject = load_subject(path, catalog, today, model_id)
    if lang != SOURCE_LANGUAGE:
        subject, _ = localise_subject(subject, lang)
    return Entry(subject, subject.score())


def source_date(environ: Mapping[str, str]) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, when set; otherwise the data's own date is used."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise UsageError(f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970") from None


def build_view(series: Sequence[Series], options: ReportOptions,
               created: dt.datetime | None = None) -> ScorecardReport | RegionalReport:
    """One country (with or without earlier assessments) gives a scorecard; several, a comparative report."""
    if len(series) == 1:
        return scorecard_report(series[0], title=options.title, created=created)
    return regional_report(series, title=options.title, ready_min=options.ready_min, created=created)


def render_html(view: ScorecardReport | RegionalReport, templates: Templates, *, inline_css: bool = True) -> str:
    name = "scorecard.html" if isinstance(view, ScorecardReport) else "regional.html"
    return templates.render(name, inline_css=inline_css, report=view, version=__version__)


def build_report(entries: Sequence[Entry], catalog: Catalog, options: ReportOptions,
                 environ: Mapping[str, str] | None = None) -> Built:
    """A scorecard or a comparative report as bytes, in the format asked for."""
    series = group_series(entries)
    view = build_view(series, options, source_date(os.environ if environ is None else environ))
    kind = "scorecard" if isinstance(view, ScorecardReport) else "comparative report"
    templates = Templates(options.template_dir)
    if options.fmt is OutputFormat.HTML:
        return Built(render_html(view, templates).encode("utf-8"), kind, len(series), None, ())
    from normcheck.report.pdf import render_pdf

    used = [e for s in series for e in s.entries]
    result = render_pdf(pdf_job(view, templates, used, catalog, options))
    return Built(result.data, kind, len(series), result.pages, result.warnings)


def pdf_job(view: ScorecardReport | RegionalReport, templates: Templates, entries: Sequence[Entry],
             catalog: Catalog, options: ReportOptions) -> PdfJob:
    return PdfJob(
        html=render_html(view, templates, inline_css=False),
        css=templates.stylesheet(),
        allowed=frozenset(c.src for c in view.charts()),
        created=view.doc.created,
        attachments=input_files(entries, catalog) if options.attach else (),
    )


def input_files(entries: Sequence[Entry], catalog: Catalog) -> tuple[AttachedFile, ...]:
    """The YAML files a report was built from, so anyone can re-score what it shows."""
    files: list[tuple[Path, str]] = []
    for entry in sorted(entries, key=lambda e: (e.card.country, e.card.date, str(e.subject.path))):
        files.append((entry.subject.path, f"Assessment of {entry.card.country_name} dated {entry.card.date}"))
    first = entries[0].subject
    content = [
        (catalog.checklists.get(first.checklist.key), f"Checklist {first.checklist.id} {first.checklist.version}"),
        (catalog.norm_sets.get(first.checklist.norms), f"Norms {first.norms.id} {first.norms.version}"),
        (catalog.models.get(first.model.id), f"Maturity model {first.model.id} {first.model.version}"),
    ]
    files.extend((Path(loaded.path), what) for loaded, what in content if loaded is not None)
    out: list[AttachedFile] = []
    used: set[str] = set()
    for path, description in files:
        name = path.name
        counter = 2
        while name in used:
            name = f"{path.stem}-{counter}{path.suffix}"
            counter += 1
        used.add(name)
        out.append(AttachedFile(name, path.read_bytes(), description))
    return tuple(out)


def output_name(path: Path, fmt: OutputFormat) -> str:
    return f"{path.stem}.{fmt.value}"


def available_cpus() -> int:
    """The CPUs this process may run on: its affinity mask where the system has one, else the machine's count."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return max(1, int(counted() or 1))
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def build_each(listed: Sequence[Listed], load: Callable[[Path], Entry], catalog: Catalog, options: ReportOptions,
               outdir: Path, *, workers: int | None = None, force: bool = False, progress: Progress | None = None,
               environ: Mapping[str, str] | None = None) -> tuple[list[Path], list[str]]:
    """One scorecard per assessment into `outdir`. PDFs are rendered by `workers` processes (default: one per
    available CPU; 1 renders in this process).

    Memory stays flat however many scorecards there are: each assessment (and the earlier ones its trend needs)
    is loaded with `load` only when its scorecard is about to be rendered, and each file is written as soon as it
    is rendered. Returns the files written and the warnings, each prefixed with its file name."""
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: give 1 or more")
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is a file; --each writes into a folder")
    all_series = series_for_each(listed)
    targets = [outdir / output_name(latest.path, options.fmt) for latest, _ in all_series]
    clashes = sorted(name for name, count in Counter(t.name for t in targets).items() if count > 1)
    if clashes:
        raise UsageError(f"several assessments would be written to the same file: {', '.join(clashes)}; "
                         "rename them so their file names differ")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        shown = ", ".join(str(t) for t in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise UsageError(f"{shown} already exist(s); pass --force to replace")
    outdir.mkdir(parents=True, exist_ok=True)
    created = source_date(os.environ if environ is None else environ)
    templates = Templates(options.template_dir)
    total = len(all_series)
    warnings: list[str] = []
    finished = 0

    def series(index: int) -> Series:
        latest, earlier = all_series[index]
        return Series(_reload(latest, load), tuple(_reload(e, load) for e in earlier))

    def view(of: Series) -> ScorecardReport:
        return scorecard_report(of, title=options.title, created=created)

    def done(index: int, data: bytes, found: Sequence[str]) -> None:
        nonlocal finished
        write_atomic(targets[index], data, force=True)
        finished += 1
        warnings.extend(f"{targets[index].name}: {w}" for w in found)
        if progress is not None:
            progress(finished, total, targets[index].name)

    if options.fmt is OutputFormat.HTML:
        for i in range(total):
            done(i, render_html(view(series(i)), templates).encode("utf-8"), ())
        return targets, warnings

    def job(index: int) -> PdfJob:
        of = series(index)
        return pdf_job(view(of), templates, of.entries, catalog, options)

    processes = min(available_cpus() if workers is None else workers, total)
    if processes <= 1:
        from normcheck.report.pdf import render_pdf

        for i in range(total):
            result = render_pdf(job(i))
            done(i, result.data, result.warnings)
        return targets, warnings
    _render_in_pool(processes, templates.stylesheet(), total, job, done)
    return targets, warnings


def _reload(listed: Listed, load: Callable[[Path], Entry]) -> Entry:
    entry = load(listed.path)
    if Listed.of(entry) != listed:
        raise UsageError(f"{listed.path} changed while the scorecards were being rendered; run the command again")
    return entry


def _render_in_pool(processes: int, css: str, total: int, job: Callable[[int], PdfJob],
                    done: Callable[[int, bytes, Sequence[str]], None]) -> None:
    """Render jobs 0..total-1 in `processes` worker processes. A job is built only when a worker is about to
    need it and its result is written and dropped as soon as it arrives: at most two jobs per worker are in
    flight, so neither this process nor a worker holds more as the number of scorecards grows.

    Workers are started afresh ("spawn"), not forked: a forked worker would carry a copy of every assessment
    loaded here, so its memory would grow with their number. Each imports WeasyPrint once and reuses its fonts
    and parsed stylesheet for every document it renders; this process never imports WeasyPrint."""
    window = 2 * processes
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context, initializer=start_worker,
                             initargs=(css,)) as pool:
        pending: dict[Future[PdfResult], int] = {}
        following = 0
        try:
            while following < total or pending:
                while following < total and len(pending) < window:
                    pending[pool.submit(render_job, job(following))] = following
                    following += 1
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    result = future.result()
                    done(index, result.data, result.warnings)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
