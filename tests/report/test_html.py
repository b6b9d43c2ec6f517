"""The HTML reports: golden files, escaping, strict templates, a facilitator's overrides, accessibility."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from normcheck.catalog import Catalog
from normcheck.errors import UsageError
from normcheck.report.build import OutputFormat, ReportOptions, build_report, load_entries
from normcheck.report.common import WATERMARK
from normcheck.report.entries import Entry

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 22)
HTML = ReportOptions(fmt=OutputFormat.HTML)
_DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def _html(entries: list[Entry], catalog: Catalog, options: ReportOptions = HTML) -> str:
    return build_report(entries, catalog, options, environ={}).data.decode("utf-8")


def _readable(html: str) -> str:
    """The markup only: each chart and the stylesheet stand as a short hash, so a diff stays readable."""
    html = _DATA_URI.sub(lambda m: "data:image/svg+xml;sha256," + _hash(m[1]), html)
    return _STYLE.sub(lambda m: f"<style>/* report.css, sha256 {_hash(m[1])} */</style>", html)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _check_golden(name: str, html: str, update: bool) -> None:
    path = GOLDEN / name
    text = _readable(html)
    if update:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with --update-golden if intended"


def test_scorecard_golden(load: Callable[..., list[Entry]], catalog: Catalog, update_golden: bool) -> None:
    _check_golden("scorecard-tha.html", _html(load("asean/tha-2023.yaml", "asean/tha-2024.yaml"), catalog),
                  update_golden)


def test_regional_golden(load: Callable[..., list[Entry]], catalog: Catalog, update_golden: bool) -> None:
    _check_golden("regional-fixtures.html", _html(load("asean"), catalog), update_golden)


def test_examples_golden(repo: Path, catalog: Catalog, update_golden: bool) -> None:
    folder = repo / "assessments" / "asean"
    if not folder.is_dir():
        pytest.skip("no example assessments in assessments/asean")
    entries, _ = load_entries([folder], catalog, TODAY, "normcheck-maturity")
    _check_golden("regional-asean-examples.html", _html(entries, catalog), update_golden)


@pytest.fixture(scope="module")
def thai_html(load: Callable[..., list[Entry]], catalog: Catalog) -> str:
    return _html(load("asean/tha-2023.yaml", "asean/tha-2024.yaml"), catalog)


def test_assessment_text_is_escaped_not_run(thai_html: str) -> None:
    escaped = "Briefing held &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }} {% if true %}raw{% endif %}"
    assert escaped in thai_html
    assert "<script" not in thai_html
    assert "49" not in re.findall(r"Briefing held.{0,80}", thai_html)[0]


def test_restricted_evidence_is_counted_but_not_shown(thai_html: str) -> None:
    assert "Record for asean-g-01" not in thai_html
    assert "example.gov/tha/asean-g-01" not in thai_html
    assert thai_html.count('<li class="restricted">restricted</li>') == 2
    assert "Record for asean-g-03" in thai_html


def test_evidence_links_are_http_only(thai_html: str) -> None:
    hrefs = re.findall(r'href="([^"]*)"', thai_html)
    assert hrefs
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs)


def test_every_report_names_the_model_and_its_rule(thai_html: str, catalog: Catalog) -> None:
    model = catalog.model()
    assert model.name in thai_html
    assert " ".join(model.rule.split()) in thai_html


def test_illustrative_data_is_marked(thai_html: str) -> None:
    assert f'<div class="watermark">{WATERMARK}</div>' in thai_html


def test_official_data_is_not_marked(load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    html = _html(load("official"), catalog)
    assert WATERMARK not in html
    assert "Indonesia" in html


def test_the_date_printed_is_the_data_date_not_today(thai_html: str) -> None:
    assert "data as of 2024-06-01" in thai_html
    assert dt.date.today().isoformat() not in thai_html
    assert '<meta name="dcterms.created" content="2024-06-01T00:00:00Z">' in thai_html


def test_source_date_epoch_sets_the_creation_date(load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    built = build_report(load("asean/sgp-2024.yaml"), catalog, HTML, environ={"SOURCE_DATE_EPOCH": "1700000000"})
    assert '<meta name="dcterms.created" content="2023-11-14T22:13:20Z">' in built.data.decode()


def test_a_bad_source_date_epoch_is_a_usage_error(load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH='soon' is not a number"):
        build_report(load("asean/sgp-2024.yaml"), catalog, HTML, environ={"SOURCE_DATE_EPOCH": "soon"})


def test_local_scripts_carry_their_language_and_wrap(load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    html = _html(load("asean/khm-2024.yaml"), catalog)
    assert '<p class="local-name wrap-anywhere"><span lang="km">កម្ពុជា</span></p>' in html
    assert re.search(r'<td class="wrap-anywhere"><span lang="km">ក្រសួង', html)
    assert re.search(r'<dd class="wrap-anywhere"><span lang="km">ក្រសួង', html)


def test_tables_have_header_scopes_and_images_alt(thai_html: str) -> None:
    assert '<html lang="en">' in thai_html
    assert "<th>" not in thai_html
    assert all(re.search(r'scope="(col|row|colgroup)"', th) for th in re.findall(r"<th\b[^>]*>", thai_html))
    images = re.findall(r"<img [^>]*>", thai_html)
    assert len(images) == 3  # radar, categories, trend
    assert all(re.search(r'alt="[^"]{40,}"', img) for img in images)


def test_the_html_page_is_self_contained(thai_html: str) -> None:
    assert "<style>" in thai_html
    assert not re.search(r'<(link|script)\b', thai_html)
    assert all(src.startswith("data:image/svg+xml;base64,") for src in re.findall(r'src="([^"]*)"', thai_html))


def test_a_facilitators_templates_come_first(tmp_path: Path, load: Callable[..., list[Entry]],
                                              catalog: Catalog) -> None:
    (tmp_path / "report.css").write_text("body { color: red }", encoding="utf-8")
    (tmp_path / "scorecard.html").write_text(
        '{% extends "base.html" %}{% block body %}<h1>{{ report.card.header.country_name }} (ours)</h1>'
        "<p>{{ report.card.appendix[0].items[1].notes.text }}</p>{% endblock %}", encoding="utf-8")
    html = _html(load("asean/tha-2024.yaml"), catalog, ReportOptions(fmt=OutputFormat.HTML, template_dir=tmp_path))
    assert "<h1>Thailand (ours)</h1>" in html
    assert "body { color: red }" in html
    assert "&lt;script&gt;" in html  # autoescape holds in a facilitator's template too


def test_templates_are_strict(tmp_path: Path, load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    (tmp_path / "scorecard.html").write_text("{{ report.no_such_field }}", encoding="utf-8")
    with pytest.raises(UsageError, match=r"template scorecard\.html: .*no_such_field"):
        _html(load("asean/tha-2024.yaml"), catalog, ReportOptions(fmt=OutputFormat.HTML, template_dir=tmp_path))


def test_a_template_syntax_error_names_the_file_and_line(tmp_path: Path, load: Callable[..., list[Entry]],
                                                          catalog: Catalog) -> None:
    (tmp_path / "scorecard.html").write_text("line one\n{% if %}", encoding="utf-8")
    with pytest.raises(UsageError, match=r"scorecard.html:2: template error"):
        _html(load("asean/tha-2024.yaml"), catalog, ReportOptions(fmt=OutputFormat.HTML, template_dir=tmp_path))


def test_a_missing_template_folder_is_a_usage_error(tmp_path: Path, load: Callable[..., list[Entry]],
                                                    catalog: Catalog) -> None:
    with pytest.raises(UsageError, match=r"--template-dir .*nowhere: not a folder"):
        _html(load("asean/tha-2024.yaml"), catalog,
              ReportOptions(fmt=OutputFormat.HTML, template_dir=tmp_path / "nowhere"))


def test_the_title_option_replaces_the_title(load: Callable[..., list[Entry]], catalog: Catalog) -> None:
    html = _html(load("asean"), catalog, ReportOptions(fmt=OutputFormat.HTML, title="ASEAN 2024 review"))
    assert "<title>ASEAN 2024 review</title>" in html
    assert '<h1 class="report-title" data-running="Comparative report: asean-nic 2024.1">ASEAN 2024 review</h1>' in html


def test_a_very_long_word_and_an_open_override_stay_inside_their_note(tmp_path: Path, repo: Path,
                                                                      catalog: Catalog) -> None:
    # Unbroken, the word would cost WeasyPrint time growing with the square of its length; left open, the
    # override would reverse everything printed after the note.
    word = "Z" * 5000
    text = (repo / "assessments" / "asean" / "brn-2025-02.yaml").read_text(encoding="utf-8")
    text = text.replace("notes: Confirmed in the inter-agency review meeting.",
                        f'notes: "\\u202E{word}"', 1)
    (tmp_path / "brn.yaml").write_text(text, encoding="utf-8")
    entries, _ = load_entries([tmp_path / "brn.yaml"], catalog, TODAY, "normcheck-maturity")
    html = _html(entries, catalog)
    note = re.search("\u202e(Z[Z\u200b]*)\u202c", html)
    assert note is not None
    assert note[1].replace("\u200b", "") == word
    assert max(len(run) for run in note[1].split("\u200b")) == 8
