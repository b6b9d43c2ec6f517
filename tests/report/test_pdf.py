"""The PDFs: pages, text, tags, attachments, reproducibility, fonts and the fetcher that refuses to fetch."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pypdf import PdfReader

from normcheck.catalog import Catalog
from normcheck.report import charts
from normcheck.report.build import Built, ReportOptions, build_report, load_entries, pdf_job
from normcheck.report.common import WATERMARK
from normcheck.report.entries import Entry, group_series
from normcheck.report.html import Templates
from normcheck.report.pdf import FONT_PACKAGE, PdfJob, explain_warnings, render_pdf
from normcheck.report.scorecard import scorecard_report

STAMP = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 22)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def thai(load: Callable[..., list[Entry]], catalog: Catalog) -> tuple[Built, list[logging.LogRecord]]:
    """The Thai scorecard (with its trend and a Thai note), rendered once for the module."""
    handler = _Records()
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        built = build_report(load("asean/tha-2023.yaml", "asean/tha-2024.yaml"), catalog, ReportOptions(), environ={})
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return built, handler.records


@pytest.fixture(scope="module")
def thai_reader(thai: tuple[Built, list[logging.LogRecord]]) -> PdfReader:
    return PdfReader(io.BytesIO(thai[0].data))


def _page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_scorecard_pages_and_latin_text(thai: tuple[Built, list[logging.LogRecord]], thai_reader: PdfReader) -> None:
    built, _ = thai
    pages = _page_texts(thai_reader)
    assert built.pages == len(pages) >= 10
    assert built.kind == "scorecard"
    first = pages[0]
    for text in ("Thailand", "Overall stage", "2 Formative", "60.1", f"Page 1 of {len(pages)}",
                 "normcheck Norms Implementation Maturity Model", "Weakest norms"):
        assert text in first
    assert "Roadmap: what blocks the next stage" in pages[1]
    assert any("Trend since 2023-06-01" in p for p in pages)


def test_no_weasyprint_warning(thai: tuple[Built, list[logging.LogRecord]]) -> None:
    built, records = thai
    assert [r.getMessage() for r in records] == []
    assert built.warnings == ()


def test_watermark_on_every_page(thai_reader: PdfReader) -> None:
    assert all(WATERMARK in text for text in _page_texts(thai_reader))


def test_notes_print_as_text_not_markup(thai_reader: PdfReader) -> None:
    text = " ".join(" ".join(_page_texts(thai_reader)).split())
    assert "Briefing held <script>alert('x')</script> {{ 7*7 }}" in text
    assert "Record for asean-g-01" not in text
    assert "restricted" in text


def test_tagged_pdf_ua_with_title_language_and_alt(thai_reader: PdfReader, thailand: Any) -> None:
    root = thai_reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    assert thai_reader.metadata is not None
    assert thai_reader.metadata.title == "Thailand: norms implementation scorecard"
    assert thai_reader.metadata["/CreationDate"] == "D:20240601000000Z"
    alts = _struct_values(root["/StructTreeRoot"], "/Figure")
    assert alts == [c.alt for c in scorecard_report(thailand).charts()]
    assert len(_struct_values(root["/StructTreeRoot"], "/TH")) > 100


def _struct_values(node: Any, kind: str) -> list[Any]:
    found: list[Any] = []

    def walk(item: Any) -> None:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif hasattr(item, "get"):
            if item.get("/S") == kind:
                found.append(item.get("/Alt", item.get("/S")))
            if item.get("/K") is not None:
                walk(item["/K"])

    walk(node)
    return found


def test_bookmarks_lead_to_the_sections(thai_reader: PdfReader) -> None:
    top = thai_reader.outline
    assert top[0]["/Title"] == "Thailand"
    titles = [entry["/Title"] for entry in top[1] if not isinstance(entry, list)]
    assert titles[:2] == ["Roadmap: what blocks the next stage", "Breakdown by category of action"]


def test_inputs_are_attached_with_fixed_dates(thai_reader: PdfReader, data_dir: Path, repo: Path) -> None:
    attached = thai_reader.attachments
    assert list(attached) == ["tha-2023.yaml", "tha-2024.yaml", "asean-nic.yaml", "norms.yaml",
                              "maturity-model.yaml"]
    assert attached["tha-2024.yaml"] == [(data_dir / "asean" / "tha-2024.yaml").read_bytes()]
    assert attached["asean-nic.yaml"] == [(repo / "checklists" / "asean-nic.yaml").read_bytes()]
    names = thai_reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    params = names[1].get_object()["/EF"]["/F"].get_object()["/Params"]
    assert (params["/CreationDate"], params["/ModDate"]) == ("D:20240601000000Z", "D:20240601000000Z")


def test_same_inputs_same_bytes(thai: tuple[Built, list[logging.LogRecord]], load: Callable[..., list[Entry]],
                                catalog: Catalog) -> None:
    again = build_report(load("asean/tha-2023.yaml", "asean/tha-2024.yaml"), catalog, ReportOptions(), environ={})
    assert again.data == thai[0].data


def test_no_attach_leaves_the_inputs_out(thailand: Any, catalog: Catalog) -> None:
    templates = Templates()
    view = scorecard_report(thailand)
    job = pdf_job(view, templates, thailand.entries, catalog, ReportOptions(attach=False))
    assert job.attachments == ()
    assert len(pdf_job(view, templates, thailand.entries, catalog, ReportOptions()).attachments) == 5


def test_regional_pdf_has_a_page_per_country(caplog: pytest.LogCaptureFixture, load: Callable[..., list[Entry]],
                                             catalog: Catalog) -> None:
    entries = load("asean")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        built = build_report(entries, catalog, ReportOptions(), environ={})
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    pages = _page_texts(PdfReader(io.BytesIO(built.data)))
    assert built.pages == len(pages)
    assert built.kind == "comparative report"
    countries = [s.latest.card.country_name for s in group_series(entries)]
    assert [p.splitlines()[0] for p in pages[-len(countries):]] == countries
    assert all(WATERMARK in p for p in pages)
    assert "Readiness per norm" in " ".join(pages)


def test_the_examples_render_cleanly(repo: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture) -> None:
    folder = repo / "assessments" / "asean"
    if not folder.is_dir():
        pytest.skip("no example assessments in assessments/asean")
    entries, _ = load_entries([folder], catalog, TODAY, "normcheck-maturity")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        built = build_report(entries, catalog, ReportOptions(), environ={})
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    reader = PdfReader(io.BytesIO(built.data))
    countries = len(group_series(entries))
    assert len(reader.pages) >= countries + 5
    assert len(reader.attachments) == len(entries) + 3


# ---------------------------------------------------------------------------------------------------------------
# Small documents rendered directly, to test the renderer itself
# ---------------------------------------------------------------------------------------------------------------


def _job(body: str, allowed: frozenset[str] = frozenset()) -> PdfJob:
    html = f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'
    return PdfJob(html=html, css=Templates().stylesheet(), allowed=allowed, created=STAMP)


class _Counter(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    _Counter.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_fetcher_refuses_files_and_servers(local_server: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>', encoding="utf-8")
    body = (f'<img src="{secret.as_uri()}" alt="a file"><img src="{local_server}/x.png" alt="a server">'
            f'<link rel="stylesheet" href="{local_server}/x.css">'
            f'<p style="background: url({local_server}/bg.png)">x</p>'
            '<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="a data URI normcheck did not make">')
    result = render_pdf(_job(body))
    assert _Counter.requests == []
    assert "SECRET" not in PdfReader(io.BytesIO(result.data)).pages[0].extract_text()
    refused = [w for w in result.warnings if "normcheck does not load" in w]
    assert len(refused) == 5  # three images, a stylesheet, a background
    assert any(secret.as_uri() in w for w in refused)


def test_the_fetcher_loads_the_charts_it_was_given() -> None:
    uri = charts.data_uri('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    result = render_pdf(_job(f'<img src="{uri}" alt="ours">', allowed=frozenset({uri})))
    assert result.warnings == ()


def test_a_facilitators_template_cannot_fetch_either(tmp_path: Path, local_server: str, thailand: Any,
                                                      catalog: Catalog) -> None:
    (tmp_path / "scorecard.html").write_text(
        f'{{% extends "base.html" %}}{{% block body %}}<img src="{local_server}/logo.png" alt="logo">'
        '<img src="file:///etc/hostname" alt="host">{% endblock %}', encoding="utf-8")
    options = ReportOptions(template_dir=tmp_path, attach=False)
    result = render_pdf(pdf_job(scorecard_report(thailand), Templates(tmp_path), thailand.entries, catalog, options))
    assert _Counter.requests == []
    assert sum("normcheck does not load" in w for w in result.warnings) == 2


def test_all_six_scripts_render_without_missing_glyphs(caplog: pytest.LogCaptureFixture) -> None:
    lines = ["Latin: Implementation", "Vietnamese: Việt Nam, Bộ Thông tin và Truyền thông", "Thai: ราชอาณาจักรไทย",
             "Khmer: ព្រះរាជាណាចក្រកម្ពុជា", "Lao: ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ", "Myanmar: မြန်မာနိုင်ငံ"]
    body = "".join(f"<p><strong>{line}</strong> {line}</p>" for line in lines)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        result = render_pdf(_job(body))
    assert [r.getMessage() for r in caplog.records] == []
    assert result.warnings == ()
    text = PdfReader(io.BytesIO(result.data)).pages[0].extract_text()
    assert "Latin: Implementation" in text
    assert "Vietnamese: Việt Nam" in text


def test_a_missing_glyph_names_the_package_to_install() -> None:
    result = render_pdf(_job("<p>private use \ue000</p>"))
    (warning,) = result.warnings
    assert warning == (
        "no installed font has the characters '\\ue000' (U+E000), so the PDF shows empty boxes for them; "
        f"install the Debian package {FONT_PACKAGE} (sudo apt-get install {FONT_PACKAGE}) and render again"
    )


def test_missing_glyph_messages_are_merged_and_cjk_gets_its_package() -> None:
    messages = ['.notdef glyph rendered for Unicode string unsupported by fonts: "中文" (U+4E2D U+6587)',
                '.notdef glyph rendered for Unicode string unsupported by fonts: "中" (U+4E2D)',
                "Ignored `foo: bar` at 1:1, unknown property."]
    warnings = explain_warnings(messages)
    assert len(warnings) == 2
    assert "'中' (U+4E2D), '文' (U+6587)" in warnings[0]
    assert "fonts-noto-cjk" in warnings[0]
    assert warnings[1] == "Ignored `foo: bar` at 1:1, unknown property."


def _overflow(body: str) -> float:
    """How far any text runs past the right edge of the page's content area, in CSS px."""
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure import boxes

    html = f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'
    document = HTML(string=html).render(stylesheets=[CSS(string=Templates().stylesheet())])
    worst = 0.0
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width

        def walk(node: Any, edge: float = right) -> None:
            nonlocal worst
            if isinstance(node, boxes.TextBox):
                worst = max(worst, node.position_x + node.width - edge)
            for child in getattr(node, "children", []):
                walk(child, edge)

        walk(box)
    return worst


def test_long_khmer_lao_and_myanmar_text_wraps_in_table_cells() -> None:
    unbroken = {"km": "ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍បានរៀបចំផែនការសកម្មភាពជាតិ" * 3,
                "lo": "ກະຊວງເຕັກໂນໂລຊີແລະການສື່ສານໄດ້ສ້າງແຜນການແຫ່ງຊາດ" * 4,
                "my": "ပို့ဆောင်ရေးနှင့်ဆက်သွယ်ရေးဝန်ကြီးဌာနသည်အမျိုးသားဆိုက်ဘာလုံခြုံရေးမူဝါဒ" * 3}
    for lang, text in unbroken.items():
        cell = f'<span lang="{lang}">{text}</span>'
        table = ('<table class="items"><tbody><tr><td style="width: 30%">x</td><td{cls}>' + cell
                 + "</td></tr></tbody></table>")
        assert _overflow(table.format(cls=' style="overflow-wrap: normal"')) > 50, lang  # the check sees overflow
        assert _overflow(table.format(cls=' class="wrap-anywhere"')) <= 0.5, lang
