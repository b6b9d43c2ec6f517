"""The view model of the comparative report: several countries side by side, then a page for each."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from normcheck.errors import UsageError
from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import Scorecard
from normcheck.report import charts
from normcheck.report.common import (
    Chart,
    DocumentInfo,
    Method,
    NormRef,
    StageCell,
    anchor,
    country_label,
    document_info,
    humanise,
    index_label,
    make_chart,
    method_of,
    norm_letter,
    percent,
    signed,
    stage_cell,
    stage_legend,
)
from normcheck.report.entries import Series
from normcheck.report.scorecard import ScorecardView, scorecard_view
from normcheck.scoring import one_decimal

READY_STAGE = 3  # Established: the legal and institutional framework is in force
MENTOR_STAGE = 4  # Strategic or above can mentor
MENTEE_STAGE = 2  # Formative or below benefits most
# Bounds that keep the overview readable however many countries are compared; the heatmap shows every state.
RANKING_BARS_MAX = 24  # up to this many countries, a bar per country fits one page and the table one column
NAMES_MAX = 10  # names listed in one cell, a longer list is counted: a region of 11 states is shown in full
PAIRS_MAX = 4  # peer-support pairs shown per norm, naming at most NAMES_MAX mentees in all; the rest are counted


@dataclass(frozen=True, slots=True)
class CountryLine:
    name: str
    code: str
    anchor: str
    perspective: str
    date: str
    earlier: str
    illustrative: bool
    file: str


@dataclass(frozen=True, slots=True)
class HeatmapRow:
    country: str
    anchor: str
    cells: tuple[StageCell, ...]
    overall: StageCell
    index: str


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: str
    country: str
    anchor: str
    stage: StageCell
    index: str
    change: str


@dataclass(frozen=True, slots=True)
class NormStat:
    letter: str
    title: str
    rated: int
    median_stage: str
    min_stage: str
    max_stage: str
    stage_gap: str
    median_index: str
    min_index: str
    max_index: str
    index_gap: str
    most: str  # the most advanced states' codes, or their number when there are more than NAMES_MAX
    least: str
    most_count: int
    least_count: int


@dataclass(frozen=True, slots=True)
class StageGroup:
    """The states at one stage: named when there are at most NAMES_MAX of them, otherwise only counted."""

    stage: str
    names: tuple[str, ...]
    count: int


def _by_stage(entries: Iterable[tuple[str, int | None]], model: MaturityModel) -> tuple[StageGroup, ...]:
    """States grouped by stage, lowest first, not rated last: shorter to read than a stage after each name."""
    groups: dict[int | None, list[str]] = defaultdict(list)
    for name, stage in entries:
        groups[stage].append(name)
    order = sorted(groups, key=lambda s: (s is None, s or 0))
    return tuple(StageGroup(stage_cell(s, model).label, _few(sorted(groups[s])), len(groups[s])) for s in order)


def _few(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(names) if len(names) <= NAMES_MAX else ()


def _listed(names: Sequence[str]) -> str:
    """Names joined, or their count when there are too many to read in one cell."""
    return ", ".join(names) if len(names) <= NAMES_MAX else f"{len(names)} states"


@dataclass(frozen=True, slots=True)
class ReadinessRow:
    letter: str
    title: str
    ready: int
    of: int
    meets: bool
    verdict: str
    ready_states: tuple[str, ...]
    not_ready: tuple[StageGroup, ...]


@dataclass(frozen=True, slots=True)
class Mentoring:
    mentor: str
    mentees: tuple[str, ...]  # least advanced first
    more: int  # mentees of this mentor not named


@dataclass(frozen=True, slots=True)
class PeerRow:
    letter: str
    title: str
    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    pairs: tuple[Mentoring, ...]  # the first PAIRS_MAX, most advanced mentor first
    note: str | None
    more_pairs: int  # mentors whose pairs are not shown
    more_mentees: int  # mentees in those pairs


@dataclass(frozen=True, slots=True)
class RegionalReport:
    doc: DocumentInfo
    method: Method
    legend: tuple[StageCell, ...]
    countries: tuple[CountryLine, ...]
    norm_keys: tuple[NormRef, ...]
    heatmap: tuple[HeatmapRow, ...]
    ranking: tuple[RankRow, ...]
    ranking_chart: Chart
    ranking_compact: bool  # many countries: the ranking table in two columns, the chart by stage
    norm_stats: tuple[NormStat, ...]
    spread_chart: Chart | None
    ready_stage: str
    ready_min: int
    readiness: tuple[ReadinessRow, ...]
    readiness_summary: str
    mentor_stage: str
    mentee_stage: str
    peers: tuple[PeerRow, ...]
    counted: bool  # some list above was too long to name every state: it gives a count instead
    names_max: int
    pairs_max: int
    has_trend: bool
    cards: tuple[ScorecardView, ...]

    def charts(self) -> list[Chart]:
        found = [self.ranking_chart]
        if self.spread_chart is not None:
            found.append(self.spread_chart)
        for card in self.cards:
            found.extend(card.charts())
        return found


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _fmt_stage(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _names(entries: Iterable[tuple[str, int | None]], model: MaturityModel) -> tuple[str, ...]:
    return tuple(f"{name} ({stage_cell(stage, model).label})" for name, stage in entries)


def regional_report(series: Sequence[Series], *, title: str | None = None, ready_min: int = 2,
                    created: dt.datetime | None = None) -> RegionalReport:
    if not series:
        raise UsageError("no assessments to report on")
    first = series[0].latest
    model = first.subject.model
    checklist = first.subject.checklist
    cards = [s.latest.card for s in series]
    multiple = {k for k, n in _count(s.latest.card.country for s in series).items() if n > 1}
    label = {id(s): country_label(s.latest.card, with_perspective=s.latest.card.country in multiple)
             for s in series}
    norm_ids = [n.id for n in cards[0].norms]
    titles = {n.id: n.title for n in cards[0].norms}

    countries = tuple(
        CountryLine(label[id(s)], s.latest.card.country, anchor(s.latest.card), humanise(s.latest.card.perspective),
                    s.latest.card.date.isoformat(), _earlier(s),
                    s.latest.card.illustrative, s.latest.subject.path.name)
        for s in series
    )
    heatmap = tuple(
        HeatmapRow(label[id(s)], anchor(s.latest.card),
                   tuple(stage_cell(_stage_of(s.latest.card, n), model) for n in norm_ids),
                   stage_cell(s.latest.card.overall.stage, model), index_label(s.latest.card.overall.index))
        for s in series
    )
    compact = len(series) > RANKING_BARS_MAX
    ranking, ranking_chart = _ranking(series, label, model, compact=compact)
    stats, spread_chart = _norm_stats(series, norm_ids, titles)
    readiness = _readiness(series, norm_ids, titles, label, model, ready_min)
    peers = _peers(series, norm_ids, titles, label, model)
    meeting = sum(r.meets for r in readiness)
    readiness_summary = (f"{meeting} of {len(readiness)} norms have at least {ready_min} state(s) at "
                         f"{model.stage_name(READY_STAGE)} or above.")
    shown = title or f"{checklist.title}: comparative report"
    earlier = sum(len(s.earlier) for s in series)
    subtitle = f"{len(series)} countries against {checklist.title}, version {checklist.version}"
    if earlier:
        subtitle += f"; {earlier} earlier assessment{'s' if earlier != 1 else ''} of the same countries give trends"
    description = (f"Comparative report of {len(series)} countries against {checklist.title} "
                   f"{checklist.version}, scored with {model.name} {model.version}.")
    return RegionalReport(
        doc=document_info(series, shown, f"Comparative report: {checklist.id} {checklist.version}", subtitle,
                          description, created),
        method=method_of(first.subject),
        legend=stage_legend(model), countries=countries,
        norm_keys=tuple(NormRef(norm_letter(n), titles[n]) for n in norm_ids), heatmap=heatmap,
        ranking=ranking, ranking_chart=ranking_chart, ranking_compact=compact, norm_stats=stats,
        spread_chart=spread_chart,
        ready_stage=stage_cell(READY_STAGE, model).label, ready_min=ready_min, readiness=readiness,
        readiness_summary=readiness_summary, mentor_stage=stage_cell(MENTOR_STAGE, model).label,
        mentee_stage=stage_cell(MENTEE_STAGE, model).label,
        peers=peers, counted=_counted(stats, readiness, peers), names_max=NAMES_MAX, pairs_max=PAIRS_MAX,
        has_trend=any(s.previous is not None for s in series),
        cards=tuple(scorecard_view(s) for s in series),
    )


def _counted(stats: Sequence[NormStat], readiness: Sequence[ReadinessRow], peers: Sequence[PeerRow]) -> bool:
    return (any(max(s.most_count, s.least_count) > NAMES_MAX for s in stats)
            or any(g.count > len(g.names) for r in readiness for g in r.not_ready)
            or any(p.more_pairs or any(m.more for m in p.pairs) for p in peers))


def _earlier(series: Series) -> str:
    """The dates of a country's earlier assessments; from three on, the first and last, so a row stays one line."""
    dates = [e.card.date.isoformat() for e in series.earlier]
    if len(dates) <= 2:
        return ", ".join(dates)
    return f"{dates[0]} to {dates[-1]} ({len(dates)})"


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return counts


def _stage_of(card: Scorecard, norm_id: str) -> int | None:
    return next((n.stage for n in card.norms if n.id == norm_id), None)


def _index_of(card: Scorecard, norm_id: str) -> float | None:
    return next((n.index for n in card.norms if n.id == norm_id), None)


def _ranking(series: Sequence[Series], label: dict[int, str], model: MaturityModel, *,
             compact: bool) -> tuple[tuple[RankRow, ...], Chart]:
    def key(s: Series) -> tuple[int, float, str]:
        index = s.latest.card.overall.index
        return (index is None, -(index or 0.0), label[id(s)])

    ordered = sorted(series, key=key)
    rows = []
    rank = 0
    last: float | None = None
    for position, s in enumerate(ordered, start=1):
        card = s.latest.card
        if card.overall.index != last or position == 1:
            rank = position
            last = card.overall.index
        change = "-"
        if s.previous is not None and card.overall.index is not None and s.previous.card.overall.index is not None:
            change = signed(one_decimal(card.overall.index - s.previous.card.overall.index))
        rows.append(RankRow(str(rank) if card.overall.index is not None else "-", label[id(s)], anchor(card),
                            stage_cell(card.overall.stage, model), index_label(card.overall.index), change))
    if compact:
        return tuple(rows), _stage_counts(rows, model)
    bar_rows = [charts.Bar(r.country, s.latest.card.overall.index, r.index, r.stage.fill)
                for r, s in zip(rows, ordered, strict=True)]
    legend = [(cell.label, cell.fill) for cell in (stage_cell(level, model) for level in range(6))]
    svg = charts.bars(bar_rows, title="Ranking by country index", label_width=190, legend=legend, width=560)
    alt = ("Bar chart ranking the countries by index (0 to 100), bars coloured by overall stage: "
           + "; ".join(f"{r.rank}. {r.country} {r.index} ({r.stage.label})" for r in rows) + ".")
    return tuple(rows), make_chart(svg, alt, "chart ranking")


def _stage_counts(rows: Sequence[RankRow], model: MaturityModel) -> Chart:
    """How many countries are at each overall stage: one bar per stage, however many countries there are."""
    counts: dict[int | None, int] = defaultdict(int)
    for row in rows:
        counts[row.stage.level] += 1
    levels: list[int | None] = [*range(6)]
    if counts[None]:
        levels.append(None)
    cells = [stage_cell(level, model) for level in levels]
    top = max(counts.values())
    scale = -(-top // 20) * 20  # a multiple of 20, so the quarter ticks fall on whole numbers
    bar_rows = [charts.Bar(c.label, counts[c.level], f"{counts[c.level]} ({percent(counts[c.level] / len(rows))})",
                           c.fill) for c in cells]
    svg = charts.bars(bar_rows, title="Countries by overall stage", maximum=scale, label_width=110)
    alt = (f"Bar chart of the number of countries at each overall stage, out of {len(rows)}: "
           + "; ".join(f"{c.label} {counts[c.level]}" for c in cells) + ".")
    return make_chart(svg, alt, "chart stage-counts")


def _norm_stats(series: Sequence[Series], norm_ids: Sequence[str],
                titles: dict[str, str]) -> tuple[tuple[NormStat, ...], Chart | None]:
    rows = []
    spreads = []
    for norm_id in norm_ids:
        rated = [(s.latest.card.country, _stage_of(s.latest.card, norm_id), _index_of(s.latest.card, norm_id))
                 for s in series]
        rated = [r for r in rated if r[1] is not None and r[2] is not None]
        if not rated:
            rows.append(NormStat(norm_letter(norm_id), titles[norm_id], 0, "-", "-", "-", "-", "-", "-", "-", "-",
                                 "-", "-", 0, 0))
            continue
        stages = [int(r[1]) for r in rated]  # type: ignore[arg-type]
        indices = [float(r[2]) for r in rated]  # type: ignore[arg-type]
        high, low = max(stages), min(stages)
        most = sorted(c for c, st, _ in rated if st == high)
        least = sorted(c for c, st, _ in rated if st == low)
        median_index = one_decimal(_median(indices))
        rows.append(NormStat(
            norm_letter(norm_id), titles[norm_id], len(rated), _fmt_stage(_median(stages)), str(low), str(high),
            str(high - low), index_label(median_index), index_label(min(indices)), index_label(max(indices)),
            index_label(one_decimal(max(indices) - min(indices))), _listed(most), _listed(least), len(most), len(least),
        ))
        spreads.append(charts.Spread(norm_letter(norm_id), min(indices), median_index, max(indices)))
    if not spreads:
        return tuple(rows), None
    svg = charts.spread(spreads, title="Regional spread of the index of each norm")
    alt = ("Chart of the regional spread of each norm's index (0 to 100), lowest to highest with the median: "
           + "; ".join(f"{r.letter} {r.min_index} to {r.max_index}, median {r.median_index}"
                       for r in rows if r.rated) + ".")
    return tuple(rows), make_chart(svg, alt, "chart spread")


def _readiness(series: Sequence[Series], norm_ids: Sequence[str], titles: dict[str, str], label: dict[int, str],
               model: MaturityModel, ready_min: int) -> tuple[ReadinessRow, ...]:
    rows = []
    for norm_id in norm_ids:
        stages = [(label[id(s)], _stage_of(s.latest.card, norm_id)) for s in series]
        ready = [(n, st) for n, st in stages if st is not None and st >= READY_STAGE]
        not_ready = [(n, st) for n, st in stages if st is None or st < READY_STAGE]
        meets = len(ready) >= ready_min
        if meets:
            verdict = "Yes"
        else:
            missing = ready_min - len(ready)
            verdict = f"No: {missing} more state{'s' if missing != 1 else ''} needed"
        rows.append(ReadinessRow(norm_letter(norm_id), titles[norm_id], len(ready), len(stages), meets, verdict,
                                 tuple(n for n, _ in ready), _by_stage(not_ready, model)))
    return tuple(rows)


def _peers(series: Sequence[Series], norm_ids: Sequence[str], titles: dict[str, str], label: dict[int, str],
           model: MaturityModel) -> tuple[PeerRow, ...]:
    """Mentors (Strategic or above) matched to mentees (Formative or below): the least advanced mentee first,
    each given the next mentor in turn, the most advanced first, so the work is shared among mentors."""
    rows = []
    for norm_id in norm_ids:
        scored = [(label[id(s)], _stage_of(s.latest.card, norm_id), _index_of(s.latest.card, norm_id) or 0.0)
                  for s in series]
        mentors = sorted(((n, st, ix) for n, st, ix in scored if st is not None and st >= MENTOR_STAGE),
                         key=lambda x: (-(x[1] or 0), -x[2], x[0]))
        mentees = sorted(((n, st, ix) for n, st, ix in scored if st is not None and st <= MENTEE_STAGE),
                         key=lambda x: (x[1] or 0, x[2], x[0]))
        pairs: tuple[Mentoring, ...] = ()
        note = None
        more_pairs = more_mentees = 0
        if mentors and mentees:
            assigned: dict[int, list[str]] = defaultdict(list)
            for i, m in enumerate(mentees):
                assigned[i % len(mentors)].append(_names([(m[0], m[1])], model)[0])
            shown: list[Mentoring] = []
            budget = NAMES_MAX
            for k, named in sorted(assigned.items()):
                if len(shown) == PAIRS_MAX or budget == 0:
                    more_pairs += 1
                    more_mentees += len(named)
                    continue
                mentor = _names([(mentors[k][0], mentors[k][1])], model)[0]
                shown.append(Mentoring(mentor, tuple(named[:budget]), max(0, len(named) - budget)))
                budget -= len(shown[-1].mentees)
            pairs = tuple(shown)
        elif not mentors and mentees:
            note = (f"No state is at {model.stage_name(MENTOR_STAGE)} or above on this norm yet; "
                    "support would have to come from outside the group.")
        elif mentors and not mentees:
            note = f"No state is at {model.stage_name(MENTEE_STAGE)} or below on this norm."
        else:
            note = "No state is at either end of the scale on this norm."
        rows.append(PeerRow(norm_letter(norm_id), titles[norm_id], _names(((n, st) for n, st, _ in mentors), model),
                            _names(((n, st) for n, st, _ in mentees), model), pairs, note, more_pairs,
                            more_mentees))
    return tuple(rows)
