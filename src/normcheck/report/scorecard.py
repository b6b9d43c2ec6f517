"""The view model of one country's scorecard: built by pure functions, so templates only display what it holds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from normcheck.countries import local_language, local_name
from normcheck.models.assessment import Evidence, NormNarrative
from normcheck.models.checklist import Category
from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import ItemResult, NormScore, Scorecard
from normcheck.report import charts
from normcheck.report.common import (
    Chart,
    DocumentInfo,
    Method,
    NormRef,
    StageCell,
    UserText,
    anchor,
    document_info,
    humanise,
    index_label,
    make_chart,
    method_of,
    norm_letter,
    percent,
    signed,
    soft_breaks,
    stage_cell,
    stage_legend,
    status_label,
    user_text,
)
from normcheck.report.entries import Entry, Series
from normcheck.report.palette import stage_fill
from normcheck.scoring import UNANSWERED, one_decimal

NEXT_STEPS = 3  # roadmap steps shown on a country's page of the comparative report


@dataclass(frozen=True, slots=True)
class Header:
    country: str
    country_name: str
    local_name: UserText | None
    title: str | None
    checklist: str
    checklist_version: str
    model: str
    model_version: str
    date: str
    period: str | None
    perspective: str
    assessors: tuple[str, ...]
    illustrative: bool
    file: str


@dataclass(frozen=True, slots=True)
class Headline:
    stage: StageCell
    index: str
    weakest: tuple[NormRef, ...]
    coverage: str
    unevidenced: int
    rated: int
    norms: int


@dataclass(frozen=True, slots=True)
class Change:
    previous_stage: StageCell
    previous_index: str
    stage: str
    index: str
    direction: str  # overall: "up", "down", "same" or "new" (the stage decides, the index breaks ties)
    stage_direction: str
    index_direction: str


@dataclass(frozen=True, slots=True)
class NormRow:
    id: str
    letter: str
    title: str
    stage: StageCell
    index: str
    index_width: str | None  # the bar's length; none for a norm that is not rated
    met: str
    unevidenced: int
    change: Change | None


@dataclass(frozen=True, slots=True)
class RoadmapAction:
    id: str
    text: str
    now: str
    gain: str


@dataclass(frozen=True, slots=True)
class RoadmapStep:
    norm: str
    sentence: str
    actions: tuple[RoadmapAction, ...]


@dataclass(frozen=True, slots=True)
class CategoryRow:
    label: str
    met: str
    index: str


@dataclass(frozen=True, slots=True)
class TrendRow:
    letter: str
    title: str
    change: Change
    stage: StageCell
    index: str


@dataclass(frozen=True, slots=True)
class Trend:
    previous_date: str
    earlier_dates: tuple[str, ...]
    overall: Change
    rows: tuple[TrendRow, ...]
    chart: Chart
    summary: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    restricted: bool
    title: UserText | None
    url: str | None
    url_text: str | None
    reference: UserText | None
    kind: str
    date: str | None


@dataclass(frozen=True, slots=True)
class ItemView:
    id: str
    tier: int
    category: str
    text: str
    status: str
    counted_as: str | None
    met: bool
    evidence: tuple[EvidenceView, ...]
    notes: UserText | None
    justification: UserText | None


@dataclass(frozen=True, slots=True)
class Narrative:
    label: str
    text: UserText


@dataclass(frozen=True, slots=True)
class AppendixNorm:
    letter: str
    title: str
    anchor: str
    stage: StageCell
    narrative: tuple[Narrative, ...]
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class ScorecardView:
    anchor: str
    header: Header
    headline: Headline
    radar: Chart
    norms: tuple[NormRow, ...]
    has_change: bool
    previous_date: str | None
    roadmap: tuple[RoadmapStep, ...]
    next_steps: tuple[RoadmapStep, ...]
    categories: tuple[CategoryRow, ...]
    category_chart: Chart
    trend: Trend | None
    appendix: tuple[AppendixNorm, ...]
    restricted: int

    def charts(self) -> list[Chart]:
        found = [self.radar, self.category_chart]
        if self.trend is not None:
            found.append(self.trend.chart)
        return found


def _header(entry: Entry) -> Header:
    a = entry.subject.assessment
    card = entry.card
    period = f"{a.period.start.isoformat()} to {a.period.end.isoformat()}" if a.period else None
    assessors = tuple(
        x.name + (f" ({x.organisation})" if x.organisation else "") + (f", {x.role}" if x.role else "")
        for x in a.assessors
    )
    local = local_name(card.country)
    local_text = None
    if local is not None:
        base = user_text(local)
        if base is not None:
            local_text = UserText(base.text, base.lang or local_language(card.country), base.wrap_anywhere)
    return Header(
        country=card.country, country_name=card.country_name, local_name=local_text, title=a.title,
        checklist=card.checklist.name, checklist_version=card.checklist.version, model=card.model.name,
        model_version=card.model.version, date=card.date.isoformat(), period=period,
        perspective=humanise(card.perspective), assessors=assessors, illustrative=card.illustrative,
        file=entry.subject.path.name,
    )


def _change(before: int | None, after: int | None, before_index: float | None, after_index: float | None,
            model: MaturityModel) -> Change:
    stage_delta = None if before is None or after is None else after - before
    index_delta = None if before_index is None or after_index is None else one_decimal(after_index - before_index)
    if stage_delta is None and index_delta is None:
        direction = "new"
    elif (stage_delta or 0) > 0 or (stage_delta == 0 and (index_delta or 0) > 0):
        direction = "up"
    elif (stage_delta or 0) < 0 or (stage_delta == 0 and (index_delta or 0) < 0):
        direction = "down"
    else:
        direction = "same"
    return Change(stage_cell(before, model), index_label(before_index), signed(stage_delta, decimals=0),
                  signed(index_delta), direction, _direction(stage_delta), _direction(index_delta))


def _direction(delta: float | None) -> str:
    if delta is None:
        return "new"
    return "up" if delta > 0 else "down" if delta < 0 else "same"


def _norm_rows(card: Scorecard, previous: Scorecard | None, model: MaturityModel) -> tuple[NormRow, ...]:
    before = {n.id: n for n in previous.norms} if previous else {}
    rows = []
    for norm in card.norms:
        old = before.get(norm.id)
        change = None
        if previous is not None:
            change = _change(old.stage if old else None, norm.stage, old.index if old else None, norm.index, model)
        width = f"{norm.index:.1f}%" if norm.index is not None else None
        rows.append(NormRow(norm.id, norm_letter(norm.id), norm.title, stage_cell(norm.stage, model),
                            index_label(norm.index), width, f"{norm.met} of {norm.applicable}",
                            len(norm.unevidenced), change))
    return tuple(rows)


def _headline(card: Scorecard, model: MaturityModel) -> Headline:
    o = card.overall
    titles = {n.id: n.title for n in card.norms}
    return Headline(
        stage=stage_cell(o.stage, model), index=index_label(o.index),
        weakest=tuple(NormRef(norm_letter(n), titles.get(n, n)) for n in o.weakest),
        coverage=percent(o.coverage), unevidenced=o.unevidenced, rated=o.rated, norms=len(card.norms),
    )


def _radar(card: Scorecard, previous: Scorecard | None, model: MaturityModel) -> Chart:
    labels = [norm_letter(n.id) for n in card.norms]
    stages = [n.stage for n in card.norms]
    before = None
    if previous is not None:
        old = {n.id: n.stage for n in previous.norms}
        before = [old.get(n.id) for n in card.norms]
    svg = charts.radar(
        labels, stages, title=f"Stage of each norm, {card.country_name}",
        latest_label=f"Assessed {card.date.isoformat()}",
        previous=before, previous_label=f"Earlier, {previous.date.isoformat()}" if previous else None,
    )
    described = "; ".join(f"{norm_letter(n.id)} {stage_cell(n.stage, model).label}" for n in card.norms)
    alt = f"Radar chart of the maturity stage (0 to 5) of each norm for {card.country_name}: {described}."
    if previous is not None and before is not None:
        moved = [f"{norm_letter(n.id)} from {b if b is not None else 'not rated'} to "
                 f"{n.stage if n.stage is not None else 'not rated'}"
                 for n, b in zip(card.norms, before, strict=True) if b != n.stage]
        alt += (f" Dashed: the earlier assessment of {previous.date.isoformat()}; changed: "
                + ("; ".join(moved) if moved else "no norm changed stage") + ".")
    return make_chart(svg, alt, "chart radar")


def _roadmap(card: Scorecard, model: MaturityModel) -> tuple[RoadmapStep, ...]:
    def order(norm: NormScore) -> tuple[int, int, float, str]:
        if norm.stage is None:
            return (7, 0, 0.0, norm.id)
        if not norm.blockers:
            return (6, 0, 0.0, norm.id)
        return (norm.stage, len(norm.blockers), -sum(b.gain for b in norm.blockers), norm.id)

    steps = []
    for norm in sorted(card.norms, key=order):
        where = f"norm {norm_letter(norm.id)}, {norm.title}"
        if norm.stage is None:
            steps.append(RoadmapStep(norm.id, f"Norm {norm_letter(norm.id)} is not rated: every one of its items "
                                              "is marked not applicable.", ()))
            continue
        if not norm.blockers:
            name = model.stage_name(norm.stage)
            steps.append(RoadmapStep(norm.id, f"Norm {norm_letter(norm.id)} has reached the highest stage, "
                                              f"{name}: keep its evidence up to date.", ()))
            continue
        target = model.stage_name(norm.stage + 1)
        total = one_decimal(sum(b.gain for b in norm.blockers))
        count = len(norm.blockers)
        actions = []
        for b in norm.blockers:
            if b.status == UNANSWERED:
                now = "not answered yet"
            elif b.status != b.counted_as:
                now = (f"answered {status_label(b.status, model).lower()} but no evidence is cited, so it counts "
                       f"as {status_label(b.counted_as, model).lower()}: cite the evidence")
            else:
                now = f"now {status_label(b.status, model).lower()}"
            actions.append(RoadmapAction(b.id, " ".join(b.text.split()), now, f"+{b.gain:.1f}"))
        noun = "this action" if count == 1 else f"these {count} actions"
        sentence = (f"To reach {target} on {where}: complete {noun} of tier {norm.stage + 1}, "
                    f"worth up to {total:.1f} index points.")
        steps.append(RoadmapStep(norm.id, sentence, tuple(actions)))
    return tuple(steps)


def _categories(card: Scorecard) -> tuple[tuple[CategoryRow, ...], Chart]:
    rows: list[CategoryRow] = []
    bar_rows: list[charts.Bar] = []
    for category in Category:
        items = [i for i in card.items if i.category == category.value]
        if not items:
            continue
        applicable = [i for i in items if i.credit is not None]
        met = sum(i.met for i in applicable)
        weight = sum(i.weight for i in applicable)
        index = one_decimal(100 * sum(i.weight * (i.credit or 0.0) for i in applicable) / weight) if weight else None
        label = humanise(category.value)
        rows.append(CategoryRow(label, f"{met} of {len(applicable)}", index_label(index)))
        bar_rows.append(charts.Bar(label, index, f"{index_label(index)}  ({met} of {len(applicable)} met)",
                                   stage_fill(3)))
    svg = charts.bars(bar_rows, title=f"Index by category of action, {card.country_name}")
    alt = (f"Bar chart of the index (0 to 100) by category of action for {card.country_name}: "
           + "; ".join(f"{r.label} {r.index}, {r.met} met" for r in rows) + ".")
    return tuple(rows), make_chart(svg, alt, "chart bars")


def _trend(series: Series, model: MaturityModel) -> Trend | None:
    previous = series.previous
    if previous is None:
        return None
    card, old = series.latest.card, previous.card
    before = {n.id: n for n in old.norms}
    rows = []
    pairs = []
    for norm in card.norms:
        b = before.get(norm.id)
        change = _change(b.stage if b else None, norm.stage, b.index if b else None, norm.index, model)
        rows.append(TrendRow(norm_letter(norm.id), norm.title, change, stage_cell(norm.stage, model),
                             index_label(norm.index)))
        pairs.append(charts.Pair(norm_letter(norm.id), b.index if b else None, norm.index))
    overall = _change(old.overall.stage, card.overall.stage, old.overall.index, card.overall.index, model)
    up = sum(r.change.direction == "up" for r in rows)
    down = sum(r.change.direction == "down" for r in rows)
    summary = (f"Since the assessment of {old.date.isoformat()}, the overall stage went from "
               f"{overall.previous_stage.label} to {stage_cell(card.overall.stage, model).label} and the index "
               f"from {overall.previous_index} to {index_label(card.overall.index)} ({overall.index}); "
               f"{up} norm(s) improved and {down} declined.")
    if len(series.earlier) > 1:
        summary += " Earlier assessments: " + ", ".join(e.card.date.isoformat() for e in series.earlier) + "."
    svg = charts.dumbbell(pairs, title=f"Index of each norm, {old.date.isoformat()} and {card.date.isoformat()}",
                          before_label=f"Earlier, {old.date.isoformat()}",
                          after_label=f"Latest, {card.date.isoformat()}")
    alt = (f"Chart of the index of each norm for {card.country_name}, earlier ({old.date.isoformat()}) and "
           f"latest ({card.date.isoformat()}): "
           + "; ".join(f"{r.letter} {r.change.previous_index} to {r.index}" for r in rows) + ".")
    return Trend(old.date.isoformat(), tuple(e.card.date.isoformat() for e in series.earlier), overall,
                 tuple(rows), make_chart(svg, alt, "chart trend"), summary)


def safe_link(url: str | None) -> str | None:
    """Only plain http(s) links are printed as links; anything else stays out of the href."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def _evidence(evidence: Evidence) -> EvidenceView:
    if evidence.disclosure == "restricted":
        return EvidenceView(True, None, None, None, None, "", None)
    url = safe_link(evidence.url)
    return EvidenceView(
        False, user_text(evidence.title), url, soft_breaks(url) if url else None, user_text(evidence.reference),
        humanise(evidence.type.value), evidence.date.isoformat() if evidence.date else None,
    )


_NARRATIVE_LABELS = (("measures_taken", "Measures taken"), ("challenges", "Challenges"),
                     ("assistance_needed", "Assistance needed"))


def _appendix(entry: Entry, model: MaturityModel) -> tuple[tuple[AppendixNorm, ...], int]:
    a = entry.subject.assessment
    by_norm: dict[str, list[ItemResult]] = defaultdict(list)
    for item in entry.card.items:
        by_norm[item.norm].append(item)
    restricted = 0
    out = []
    for norm in entry.card.norms:
        narrative_model = a.norms.get(norm.id)  # type: ignore[call-overload]
        narrative = _narrative(narrative_model)
        views = []
        for item in by_norm[norm.id]:
            response = a.responses.get(item.id)
            evidence = tuple(_evidence(e) for e in response.evidence) if response else ()
            restricted += sum(e.restricted for e in evidence)
            counted = None
            if item.counted_as is not None and item.counted_as != item.status:
                counted = status_label(item.counted_as, model)
            views.append(ItemView(
                item.id, item.tier, humanise(item.category), " ".join(item.text.split()),
                status_label(item.status, model), counted, item.met, evidence,
                user_text(response.notes) if response else None,
                user_text(response.justification) if response else None,
            ))
        out.append(AppendixNorm(norm_letter(norm.id), norm.title, f"{anchor(entry.card)}-norm-{norm.id}",
                                stage_cell(norm.stage, model), narrative, tuple(views)))
    return tuple(out), restricted


def _narrative(narrative: NormNarrative | None) -> tuple[Narrative, ...]:
    if narrative is None:
        return ()
    out = []
    for field, label in _NARRATIVE_LABELS:
        text = user_text(getattr(narrative, field))
        if text is not None:
            out.append(Narrative(label, text))
    return tuple(out)


def scorecard_view(series: Series) -> ScorecardView:
    entry = series.latest
    model = entry.subject.model
    card = entry.card
    previous = series.previous.card if series.previous else None
    categories, category_chart = _categories(card)
    appendix, restricted = _appendix(entry, model)
    roadmap = _roadmap(card, model)
    return ScorecardView(
        anchor=anchor(card), header=_header(entry), headline=_headline(card, model),
        radar=_radar(card, previous, model), norms=_norm_rows(card, previous, model),
        has_change=previous is not None, previous_date=previous.date.isoformat() if previous else None,
        roadmap=roadmap, next_steps=tuple(s for s in roadmap if s.actions)[:NEXT_STEPS],
        categories=categories, category_chart=category_chart,
        trend=_trend(series, model), appendix=appendix, restricted=restricted,
    )


@dataclass(frozen=True, slots=True)
class ScorecardReport:
    doc: DocumentInfo
    method: Method
    legend: tuple[StageCell, ...]
    card: ScorecardView
    heading: str | None  # a title given for the report, printed above the country's own header

    def charts(self) -> list[Chart]:
        return self.card.charts()


def scorecard_report(series: Series, *, title: str | None = None,
                     created: dt.datetime | None = None) -> ScorecardReport:
    card = series.latest.card
    model = series.latest.subject.model
    shown = title or series.latest.subject.assessment.title or f"{card.country_name}: norms implementation scorecard"
    subtitle = f"{card.checklist.name}, version {card.checklist.version}"
    description = (f"Scorecard of {card.country_name} against {card.checklist.name} {card.checklist.version}, "
                   f"assessed {card.date.isoformat()}, scored with {card.model.name} {card.model.version}.")
    doc = document_info([series], shown, card.country_name, subtitle, description, created)
    return ScorecardReport(doc, method_of(series.latest.subject), stage_legend(model), scorecard_view(series), title)
