"""PDF output with WeasyPrint, the only module that imports it: fetching, fonts, attachments, tagging."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
from collections.abc import Iterator

import pydyf
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from normcheck.report.jobs import AttachedFile, PdfJob, PdfResult

__all__ = ["AttachedFile", "FetchRefused", "GeneratedOnlyFetcher", "PdfJob", "PdfResult", "explain_warnings",
           "prepare_worker", "render_pdf"]

FONT_PACKAGE = "fonts-noto-core"
CJK_FONT_PACKAGE = "fonts-noto-cjk"
PDF_VARIANT = "pdf/ua-1"
_NOTDEF = re.compile(
    r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(?P<text>.*)" \((?P<codes>[^)]*)\)'
)


class FetchRefused(ValueError):
    """A report asked for a resource normcheck did not generate."""


class GeneratedOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches only the data: URIs the report itself generated; refuses file:, http: and everything else,
    so neither a template nor any text in an assessment can make rendering read a file or reach a server."""

    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
        self._allowed = allowed

    def fetch(self, url: str, headers: object = None) -> object:
        if url not in self._allowed:
            shown = url if len(url) <= 80 else url[:77] + "..."
            raise FetchRefused(f"normcheck does not load {shown!r}: a report uses only what normcheck generates")
        return super().fetch(url, headers)


_STYLES: dict[str, tuple[FontConfiguration, CSS]] = {}


def prepare_worker(css: str) -> None:
    """Set up the fonts and parse the stylesheet once, as a rendering process starts."""
    _stylesheet(css)


def _stylesheet(css: str) -> tuple[FontConfiguration, CSS]:
    """Parse the stylesheet once per process: reused across documents, it saves a third of a batch's time.
    One entry per stylesheet, so the cache does not grow with the number of documents."""
    cached = _STYLES.get(css)
    if cached is None:
        font_config = FontConfiguration()
        fetcher = GeneratedOnlyFetcher(frozenset())
        cached = (font_config, CSS(string=css, font_config=font_config, url_fetcher=fetcher))
        _STYLES[css] = cached
    return cached


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def _source_date_epoch(created: dt.datetime) -> Iterator[None]:
    """Fix the timestamp font subsetting may write, unless the caller already set SOURCE_DATE_EPOCH."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, built once per page count instead of on every access."""
    kids = pdf.pages["Kids"]
    cached: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_normcheck_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_normcheck_page_references"] = cached
    return cached[1]


@contextlib.contextmanager
def _fast_page_references() -> Iterator[None]:
    """pydyf 0.13 rebuilds the list of every page's reference each time a tag or a link asks for one page's, so
    writing a tagged PDF takes time in pages x tags: a third of the writing time of a 200-page report. The
    values are the same, only computed once for each length of the page list (which only grows)."""
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property):  # another pydyf: leave it alone
        yield
        return
    pydyf.PDF.page_references = property(_cached_page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one report to tagged PDF/UA-1 bytes; same job, same bytes."""
    fetcher = GeneratedOnlyFetcher(job.allowed)
    attachments = [
        Attachment(string=a.data, name=a.name, description=a.description, relationship="Source",
                   created=job.created, modified=job.created, url_fetcher=fetcher)
        for a in job.attachments
    ]
    with _weasyprint_warnings() as collected, _source_date_epoch(job.created):
        font_config, stylesheet = _stylesheet(job.css)
        document = HTML(string=job.html, url_fetcher=fetcher, base_url=None).render(
            stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT, pdf_tags=True,
        )
        with _fast_page_references():
            data = document.write_pdf(
                attachments=attachments, pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=job.uncompressed,
            )
    return PdfResult(bytes(data), len(document.pages), explain_warnings(collected.messages))


def explain_warnings(messages: list[str]) -> tuple[str, ...]:
    """WeasyPrint's log lines as advice: missing glyphs name the package that has them."""
    missing: dict[str, str] = {}
    other: list[str] = []
    for message in messages:
        found = _NOTDEF.search(message)
        if found:
            for char in found["text"]:
                missing.setdefault(char, f"U+{ord(char):04X}")
        elif message not in other:
            other.append(message)
    out: list[str] = []
    if missing:
        chars = sorted(missing)
        package = CJK_FONT_PACKAGE if any(_is_cjk(c) for c in chars) else FONT_PACKAGE
        shown = ", ".join(f"{c!r} ({missing[c]})" for c in chars[:10])
        more = f" and {len(chars) - 10} more" if len(chars) > 10 else ""
        out.append(
            f"no installed font has the characters {shown}{more}, so the PDF shows empty boxes for them; "
            f"install the Debian package {package} (sudo apt-get install {package}) and render again"
        )
    out.extend(other)
    return tuple(out)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
