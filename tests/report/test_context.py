"""The view model: grouping, refusals, labels, roadmap sentences and the regional arithmetic."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

import pytest

from normcheck.errors import UsageError
from normcheck.report.common import SOFT_BREAK, WATERMARK, close_bidi, soft_breaks, user_text
from normcheck.report.entries import (
    Entry,
    Listed,
    Series,
    check_one_checklist,
    group_series,
    series_for_each,
)
from normcheck.report.regional import regional_report
from normcheck.report.scorecard import safe_link, scorecard_report, scorecard_view


def _series(region: list[Series], country: str) -> Series:
    return next(s for s in region if s.latest.card.country == country)


def _with_index(entry: Entry, index: float) -> Entry:
    card = entry.card
    return Entry(entry.subject, card.model_copy(update={"overall": card.overall.model_copy(update={"index": index})}))


def test_assessments_of_one_country_form_one_series_latest_last(thailand: Series) -> None:
    assert thailand.latest.card.date == dt.date(2024, 6, 1)
    assert [e.card.date for e in thailand.earlier] == [dt.date(2023, 6, 1)]
    assert thailand.previous is thailand.earlier[-1]


def test_the_region_groups_by_country_sorted_by_name(region: list[Series]) -> None:
    names = [s.latest.card.country_name for s in region]
    assert names == sorted(names)
    assert len(names) == 6  # seven files, Thailand twice


def test_two_assessments_of_a_country_on_one_day_are_refused(load: Callable[..., list[Entry]]) -> None:
    (entry,) = load("asean/sgp-2024.yaml")
    with pytest.raises(UsageError, match=r"are both assessments of SGP \(government\) dated 2024-05-20; keep one"):
        group_series([entry, entry])


def test_mixed_checklists_are_refused_with_both_named(load: Callable[..., list[Entry]]) -> None:
    entries = load("asean/sgp-2024.yaml", "asean/khm-2024.yaml") + load("un/fji-2024.yaml")
    with pytest.raises(UsageError) as raised:
        check_one_checklist(entries)
    assert str(raised.value) == (
        "a report compares assessments of one checklist version, but these answer different ones: "
        "asean-nic 2024.1 (2 file(s): khm-2024.yaml, sgp-2024.yaml); un-norms 1.0 (1 file(s): fji-2024.yaml). "
        "Report on one version at a time, or migrate the older assessments first."
    )


def test_each_assessment_gets_only_the_older_ones_as_its_trend(load: Callable[..., list[Entry]]) -> None:
    entries = load("asean")
    each = {latest.path.name: earlier for latest, earlier in series_for_each(entries)}
    assert len(each) == 7
    assert each["tha-2023.yaml"] == ()
    assert [e.path.name for e in each["tha-2024.yaml"]] == ["tha-2023.yaml"]
    listed = [Listed.of(e) for e in entries]
    assert series_for_each(listed) == [(Listed.of(latest), tuple(map(Listed.of, earlier)))
                                       for latest, earlier in series_for_each(entries)]


def test_header_has_the_local_name_in_its_script(thailand: Series) -> None:
    header = scorecard_view(thailand).header
    assert header.local_name is not None
    assert (header.local_name.text, header.local_name.lang) == ("ไทย", "th")
    assert header.assessors == (
        "National Cyber Security Agency (NCSA), lead", "Ministry of Foreign Affairs, contributor",
    )
    assert header.perspective == "Government"


def test_countries_without_a_local_script_name_have_none(region: list[Series]) -> None:
    assert scorecard_view(_series(region, "SGP")).header.local_name is None


def test_headline_and_rows_show_the_scorecard(thailand: Series) -> None:
    view = scorecard_view(thailand)
    card = thailand.latest.card
    assert view.headline.stage.label == f"{card.overall.stage} {card.overall.stage_name}"
    assert view.headline.index == f"{card.overall.index:.1f}"
    assert view.headline.unevidenced == card.overall.unevidenced == 2
    assert [r.letter for r in view.norms] == [f"({n})" for n in "abcdefghijk"]
    first = view.norms[0]
    assert (first.stage.label, first.index, first.met) == ("3 Established", "80.6", "6 of 8")


def test_change_is_against_the_previous_assessment(thailand: Series) -> None:
    row = scorecard_view(thailand).norms[0]
    assert row.change is not None
    assert (row.change.previous_stage.label, row.change.stage, row.change.index) == ("2 Formative", "+1", "+22.3")
    assert (row.change.stage_direction, row.change.index_direction) == ("up", "up")


def test_roadmap_speaks_plain_words_weakest_norms_first(thailand: Series) -> None:
    roadmap = scorecard_view(thailand).roadmap
    assert roadmap[0].sentence == (
        "To reach Formative on norm (b), Weigh all relevant information before responding to an incident: "
        "complete this action of tier 2, worth up to 5.6 index points."
    )
    assert roadmap[0].actions[0].now == (
        "answered fully implemented but no evidence is cited, so it counts as partially implemented: "
        "cite the evidence"
    )
    stages = [int(s.sentence.split("tier ")[1][0]) for s in roadmap if s.actions]
    assert stages == sorted(stages)


def test_roadmap_actions_most_index_gain_first(region: list[Series]) -> None:
    for step in scorecard_view(_series(region, "MMR")).roadmap:
        gains = [float(a.gain) for a in step.actions]
        assert gains == sorted(gains, reverse=True)


def test_restricted_evidence_keeps_no_content(thailand: Series) -> None:
    items = {i.id: i for norm in scorecard_view(thailand).appendix for i in norm.items}
    (restricted,) = items["asean-g-01"].evidence
    assert restricted.restricted
    assert (restricted.title, restricted.url, restricted.reference, restricted.date) == (None, None, None, None)
    assert scorecard_view(thailand).restricted == 2


def test_categories_count_every_applicable_item(thailand: Series) -> None:
    view = scorecard_view(thailand)
    applicable = sum(int(c.met.split(" of ")[1]) for c in view.categories)
    assert applicable == sum(n.applicable for n in thailand.latest.card.norms)
    assert view.categories[0].label == "Political"


@pytest.mark.parametrize(
    ("url", "shown"),
    [("https://example.gov/a", "https://example.gov/a"), ("http://example.gov", "http://example.gov"),
     ("javascript:alert(1)", None), ("file:///etc/passwd", None), ("data:text/html,x", None), (None, None)],
)
def test_only_http_links_are_links(url: str | None, shown: str | None) -> None:
    assert safe_link(url) == shown


@pytest.mark.parametrize(
    ("text", "lang", "wrap"),
    [("plain English", None, False), ("ภาษาไทย", "th", False), ("ភាសាខ្មែរ", "km", True),
     ("ພາສາລາວ", "lo", True), ("မြန်မာဘာသာ", "my", True), ("Tiếng Việt", None, False),
     ("Note: ភាសាខ្មែរ", "km", True)],
)
def test_user_text_knows_its_script(text: str, lang: str | None, wrap: bool) -> None:
    found = user_text(text)
    assert found is not None
    assert (found.lang, found.wrap_anywhere) == (lang, wrap)


def test_document_date_is_the_latest_assessment_not_today(region: list[Series]) -> None:
    doc = regional_report(region).doc
    assert doc.as_of == "2024-06-01"
    assert doc.created == dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert doc.illustrative
    assert doc.watermark == WATERMARK


def test_a_given_creation_time_wins(thailand: Series) -> None:
    stamp = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert scorecard_report(thailand, created=stamp).doc.created_iso == "2025-01-02T03:04:05Z"


def test_official_data_is_not_marked_illustrative(load: Callable[..., list[Entry]]) -> None:
    (series,) = group_series(load("official"))
    assert not scorecard_report(series).doc.illustrative


def test_ranking_by_index_with_shared_ranks(region: list[Series]) -> None:
    tied = [Series(_with_index(s.latest, 50.0 if s.latest.card.country in ("KHM", "LAO") else
                               s.latest.card.overall.index or 0.0), s.earlier) for s in region]
    ranking = regional_report(tied).ranking
    assert [(r.rank, r.country) for r in ranking] == [
        ("1", "Singapore"), ("2", "Viet Nam"), ("3", "Thailand"), ("4", "Cambodia"),
        ("4", "Lao People's Democratic Republic"), ("6", "Myanmar"),
    ]
    assert ranking[2].change == "+27.3"


def test_norm_statistics_match_the_scorecards(region: list[Series]) -> None:
    stats = regional_report(region).norm_stats
    stages = [next(n.stage for n in s.latest.card.norms if n.id == "a") for s in region]
    indices = [next(n.index for n in s.latest.card.norms if n.id == "a") for s in region]
    a = stats[0]
    assert a.median_stage == f"{statistics.median(stages):g}"
    assert (a.min_stage, a.max_stage, a.stage_gap) == (str(min(stages)), str(max(stages)),
                                                      str(max(stages) - min(stages)))
    assert a.max_index == f"{max(indices):.1f}"
    assert (a.most, a.least) == ("SGP", "MMR")


@pytest.mark.parametrize(("ready_min", "meeting"), [(1, 11), (2, 8), (6, 0)])
def test_readiness_threshold_is_configurable(region: list[Series], ready_min: int, meeting: int) -> None:
    report = regional_report(region, ready_min=ready_min)
    assert sum(r.meets for r in report.readiness) == meeting
    assert report.readiness_summary.startswith(f"{meeting} of 11 norms have at least {ready_min} state(s)")


def test_readiness_lists_the_states_not_ready_by_stage(region: list[Series]) -> None:
    c = regional_report(region).readiness[2]
    assert (c.letter, c.ready, c.of, c.meets, c.verdict) == ("(c)", 1, 6, False, "No: 1 more state needed")
    assert [(g.stage, g.names) for g in c.not_ready] == [
        ("0 Not started", ("Cambodia", "Myanmar")),
        ("1 Initial", ("Lao People's Democratic Republic", "Thailand")),
        ("2 Formative", ("Viet Nam",)),
    ]


def test_peer_pairs_give_each_mentee_one_mentor_at_strategic_or_above(region: list[Series]) -> None:
    for row in regional_report(region).peers:
        paired = [m for p in row.pairs for m in p.mentees]
        assert sorted(paired) == sorted(row.mentees)
        assert all(m.split("(")[1][0] in "45" for m in row.mentors)
        assert all(m.split("(")[1][0] in "012" for m in row.mentees)
    g = regional_report(region).peers[6]
    assert [(p.mentor, p.mentees) for p in g.pairs] == [
        ("Singapore (5 Dynamic)", ("Cambodia (1 Initial)", "Lao People's Democratic Republic (2 Formative)")),
        ("Viet Nam (4 Strategic)", ("Myanmar (1 Initial)",)),
    ]


def test_every_chart_has_alt_text(region: list[Series]) -> None:
    report = regional_report(region)
    charts = report.charts()
    assert len(charts) == 2 + 2 * len(region) + 1  # ranking, spread; radar and categories each; one trend
    assert all(c.alt and c.src.startswith("data:image/svg+xml;base64,") for c in charts)


def test_a_long_unbroken_run_gets_a_soft_break_every_eight_characters_and_loses_nothing() -> None:
    word = "x" * 100
    broken = soft_breaks(f"see {word} and https://example.gov/a-short-path")
    pieces = broken.split()[1].split(SOFT_BREAK)
    assert [len(p) for p in pieces] == [8] * 12 + [4]
    assert broken.replace(SOFT_BREAK, "") == f"see {word} and https://example.gov/a-short-path"
    assert soft_breaks("telecommunications-infrastructure-protection") == "telecommunications-infrastructure-protection"


@pytest.mark.parametrize("cluster", ["ក្ស", "e\u0301", "👩\u200d💻", "👍🏽"])
def test_soft_breaks_never_split_a_character_from_its_marks_or_a_joined_sequence(cluster: str) -> None:
    text = cluster * 80
    for piece in soft_breaks(text).split(SOFT_BREAK)[1:]:
        assert piece.startswith(cluster), piece[:4]


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("plain", "plain"),
        ("\u202eevil", "\u202eevil\u202c"),  # a right-to-left override left open
        ("\u2067\u202b\u202dx", "\u2067\u202b\u202dx\u202c\u202c\u2069"),
        ("\u202bbalanced\u202c after", "\u202bbalanced\u202c after"),
        ("\u2066\u202aclosed by the isolate\u2069", "\u2066\u202aclosed by the isolate\u2069"),
        ("\u202c\u2069 stray closers", "\u202c\u2069 stray closers"),
    ],
)
def test_bidi_controls_a_text_opens_are_closed_at_its_end(text: str, closed: str) -> None:
    assert close_bidi(text) == closed


def test_user_text_is_soft_broken_and_closes_its_bidi_controls() -> None:
    found = user_text("\u202e" + "y" * 70)
    assert found is not None
    assert found.text.endswith("\u202c")
    assert SOFT_BREAK in found.text
