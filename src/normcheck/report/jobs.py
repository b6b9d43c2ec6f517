"""What a rendering process receives and returns: plain data, free of WeasyPrint, so the process that builds the
jobs need not import it and a worker process can receive them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AttachedFile:
    name: str
    data: bytes
    description: str


@dataclass(frozen=True, slots=True)
class PdfJob:
    """Everything needed to render one PDF."""

    html: str
    css: str
    allowed: frozenset[str]
    created: dt.datetime
    attachments: tuple[AttachedFile, ...] = ()
    uncompressed: bool = False


@dataclass(frozen=True, slots=True)
class PdfResult:
    data: bytes
    pages: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


def start_worker(css: str) -> None:
    """Run once in each rendering process: import WeasyPrint, set up the fonts and parse the stylesheet, which
    every document the process renders then reuses."""
    from normcheck.report.pdf import prepare_worker

    prepare_worker(css)


def render_job(job: PdfJob) -> PdfResult:
    """Render one job in a rendering process (WeasyPrint is imported there, never in the process that sends it)."""
    from normcheck.report.pdf import render_pdf

    return render_pdf(job)
