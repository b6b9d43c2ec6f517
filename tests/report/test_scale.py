"""The comparative report at the scale of the UN's 193 members, on 60 countries cloned from the fixtures: the
heatmap repeats its header on every page, the ranking runs in two columns, and no cell lists every state."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable

import pycountry
import pytest
from pypdf import PdfReader

from normcheck.catalog import Catalog
from normcheck.report.build import ReportOptions, pdf_job, render_html
from normcheck.report.entries import Entry, Series, group_series
from normcheck.report.html import Templates
from normcheck.report.regional import NAMES_MAX, PAIRS_MAX, RANKING_BARS_MAX, RegionalReport, regional_report

COUNTRIES = 60


@pytest.fixture(scope="module")
def sixty(load: Callable[..., list[Entry]]) -> list[Series]:
    """60 countries, each answering as one of the six fixture countries did (Thailand's two assessments too)."""
    base = group_series(load("asean"))
    codes = sorted(c.alpha_3 for c in pycountry.countries)[:COUNTRIES]
    entries = []
    for i, code in enumerate(codes):
        name = pycountry.countries.get(alpha_3=code).name
        for entry in base[i % len(base)].entries:
            card = entry.card.model_copy(update={"country": code, "country_name": name})
            entries.append(Entry(entry.subject, card))
    return group_series(entries)


@pytest.fixture(scope="module")
def report(sixty: list[Series]) -> RegionalReport:
    return regional_report(sixty)


def test_the_fixture_is_past_the_small_report_bounds(sixty: list[Series]) -> None:
    assert len(sixty) == COUNTRIES > RANKING_BARS_MAX


def test_the_ranking_is_compact_and_its_chart_counts_stages(report: RegionalReport) -> None:
    assert report.ranking_compact
    assert len(report.ranking) == COUNTRIES
    assert report.ranking_chart.alt.startswith(
        f"Bar chart of the number of countries at each overall stage, out of {COUNTRIES}: 0 Not started ")


def test_readiness_names_a_few_states_and_counts_the_rest(report: RegionalReport) -> None:
    groups = [g for row in report.readiness for g in row.not_ready]
    assert any(g.count > NAMES_MAX for g in groups)  # the bound is reached
    for g in groups:
        assert len(g.names) == (g.count if g.count <= NAMES_MAX else 0)
    for row in report.readiness:
        assert sum(g.count for g in row.not_ready) == row.of - row.ready
    assert report.counted


def test_the_most_and_least_advanced_are_counted_when_many(report: RegionalReport) -> None:
    for s in report.norm_stats:
        for text, count in ((s.most, s.most_count), (s.least, s.least_count)):
            assert text == (f"{count} states" if count > NAMES_MAX else ", ".join(text.split(", ")))
            if count <= NAMES_MAX:
                assert len(text.split(", ")) == count
    assert any(s.least_count > NAMES_MAX for s in report.norm_stats)


def test_peer_pairs_are_bounded_and_the_rest_counted(report: RegionalReport) -> None:
    for row in report.peers:
        if not (row.mentors and row.mentees):
            assert (row.pairs, row.more_pairs, row.more_mentees) == ((), 0, 0)
            continue
        named = sum(len(p.mentees) for p in row.pairs)
        assert len(row.pairs) <= PAIRS_MAX
        assert named <= NAMES_MAX
        assert named + sum(p.more for p in row.pairs) + row.more_mentees == len(row.mentees)
        assert len(row.pairs) + row.more_pairs == min(len(row.mentors), len(row.mentees))
    assert any(row.more_pairs for row in report.peers)


def test_the_html_links_counts_to_the_heatmap(report: RegionalReport) -> None:
    html = render_html(report, Templates())
    assert '<table class="heatmap" id="heatmap">' in html
    assert '<div class="rank-columns">' in html
    assert re.search(r'<a href="#heatmap">\d+ states</a>', html)
    assert re.search(r"and \d+ more mentors? for \d+ more mentees?", html)
    assert "thead { display: table-header-group; }" in Templates().stylesheet()


def test_the_heatmap_header_is_on_every_page_it_spans(report: RegionalReport, catalog: Catalog) -> None:
    from normcheck.report.pdf import render_pdf

    # The heatmap and the ranking only: the other sections and a page per country would make the test slow.
    overview = dataclasses.replace(report, cards=(), countries=(), norm_stats=(), spread_chart=None, readiness=(),
                                   peers=())
    result = render_pdf(pdf_job(overview, Templates(), [], catalog, ReportOptions(attach=False)))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(result.data)).pages]
    ranking = next(i for i, p in enumerate(pages) if "Ranking by index" in p)
    heatmap = pages[:ranking]
    assert len(heatmap) >= 2
    header = "Country " + " ".join(f"({n})" for n in "abcdefghijk") + " Overall Index"
    assert all(header in page for page in heatmap)
    rows = " ".join(heatmap)
    assert all(" ".join(row.country.split()) in rows for row in report.heatmap)  # no row lost between pages
    assert pages[ranking].count("Rank Country") == 2  # two columns, each with its header
