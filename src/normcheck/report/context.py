"""The view model of every report: built by pure functions, so templates only display what it holds."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from normcheck.countries import local_language, local_name
from normcheck.errors import UsageError
from normcheck.models.assessment import Evidence, NormNarrative
from normcheck.models.checklist import Category
from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import ItemResult, NormScore, Scorecard
from normcheck.report import charts
from normcheck.report.palette import ink_for, stage_fill
from normcheck.resolve import Subject
from normcheck.scoring import UNANSWERED, one_decimal

WATERMARK = "Illustrative data - not an official self-assessment"
READY_STAGE = 3  # Established: the legal and institutional framework is in force
MENTOR_STAGE = 4  # Strategic or above can mentor
MENTEE_STAGE = 2  # Formative or below benefits most
GENERATOR = "normcheck"
NEXT_STEPS = 3  # roadmap steps shown on a country's page of the comparative report

# Scripts whose text Pango cannot break between words (no spaces), and Thai, which it can; the language tag
# also helps screen readers and font selection.
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x1000, 0x109F, "my"),
    (0xA9E0, 0xA9FF, "my"),
    (0xAA60, 0xAA7F, "my"),
    (0x1780, 0x17FF, "km"),
    (0x19E0, 0x19FF, "km"),
)
_UNBROKEN = frozenset({"km", "lo", "my"})


# ---------------------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One assessment with its scorecard, scored once."""

    subject: Subject
    card: Scorecard

    @property
    def key(self) -> tuple[str, str]:
        return (self.card.country, self.card.perspective)


@dataclass(frozen=True, slots=True)
class Series:
    """A country's assessments from one perspective: the latest is reported, the earlier give its trend."""

    latest: Entry
    earlier: tuple[Entry, ...] = ()

    @property
    def previous(self) -> Entry | None:
        return self.earlier[-1] if self.earlier else None

    @property
    def entries(self) -> tuple[Entry, ...]:
        return (*self.earlier, self.latest)


def check_one_checklist(entries: Sequence[Entry]) -> None:
    """Refuse to compare answers to different checklists or versions: their items and stages differ."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in entries:
        by_key[entry.subject.checklist.key].append(entry.subject.path.name)
    if len(by_key) <= 1:
        return
    parts = []
    for (cid, version), files in sorted(by_key.items()):
        shown = ", ".join(sorted(files)[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        parts.append(f"{cid} {version} ({len(files)} file(s): {shown})")
    raise UsageError(
        "a report compares assessments of one checklist version, but these answer different ones: "
        + "; ".join(parts)
        + ". Report on one version at a time, or migrate the older assessments first."
    )


def _entry_order(entry: Entry) -> tuple[dt.date, str]:
    return (entry.card.date, str(entry.subject.path))


def group_series(entries: Sequence[Entry]) -> list[Series]:
    """Group assessments by country and perspective, latest last; two on the same day are ambiguous."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.key].append(entry)
    series = []
    for (country, perspective), members in groups.items():
        members.sort(key=_entry_order)
        for a, b in itertools.pairwise(members):
            if a.card.date == b.card.date:
                raise UsageError(
                    f"{a.subject.path} and {b.subject.path} are both assessments of {country} "
                    f"({perspective.replace('_', ' ')}) dated {a.card.date}; keep one of them, or change a date"
                )
        series.append(Series(members[-1], tuple(members[:-1])))
    return sorted(series, key=lambda s: (s.latest.card.country_name, s.latest.card.perspective))


def series_for_each(entries: Sequence[Entry]) -> list[Series]:
    """One series per assessment, with the earlier assessments of the same country and perspective."""
    ordered = sorted(entries, key=_entry_order)
    out = []
    for entry in sorted(entries, key=lambda e: str(e.subject.path)):
        earlier = tuple(e for e in ordered if e.key == entry.key and e.card.date < entry.card.date)
        out.append(Series(entry, earlier))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Small parts
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserText:
    """Text an assessor wrote, with its language where it is in a Southeast Asian script."""

    text: str
    lang: str | None
    wrap_anywhere: bool


def user_text(text: str | None) -> UserText | None:
    if text is None or not text.strip():
        return None
    lang = script_language(text)
    return UserText(text.strip(), lang, lang in _UNBROKEN or _has_unbroken(text))


def script_language(text: str) -> str | None:
    """The language of the first Thai, Lao, Myanmar or Khmer character in `text`, if any."""
    for char in text:
        code = ord(char)
        for low, high, lang in _SCRIPTS:
            if low <= code <= high:
                return lang
    return None


def _has_unbroken(text: str) -> bool:
    return any(low <= ord(c) <= high for c in text for low, high, lang in _SCRIPTS if lang in _UNBROKEN)


@dataclass(frozen=True, slots=True)
class StageCell:
    level: int | None
    short: str
    name: str
    label: str
    fill: str
    ink: str


def stage_cell(level: int | None, model: MaturityModel) -> StageCell:
    fill = stage_fill(level)
    if level is None:
        return StageCell(None, "-", "not rated", "not rated", fill, ink_for(fill))
    name = model.stage_name(level) or str(level)
    return StageCell(level, str(level), name, f"{level} {name}", fill, ink_for(fill))


@dataclass(frozen=True, slots=True)
class Chart:
    src: str
    alt: str
    css_class: str


def _chart(svg: str, alt: str, css_class: str) -> Chart:
    return Chart(charts.data_uri(svg), alt, css_class)


def index_label(index: float | None) -> str:
    return "-" if index is None else f"{index:.1f}"


def percent(share: float) -> str:
    return f"{Decimal(repr(share * 100)).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def signed(value: float | None, *, decimals: int = 1) -> str:
    if value is None:
        return "-"
    if round(value, decimals) == 0:
        return "0" if decimals == 0 else f"{0:.{decimals}f}"
    return f"{value:+.{decimals}f}"


def norm_letter(norm_id: str) -> str:
    return f"({norm_id})"


def humanise(value: str) -> str:
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def status_label(status: str | None, model: MaturityModel) -> str:
    if status is None or status == UNANSWERED:
        return "Not answered"
    if status == "not_applicable":
        return "Not applicable"
    statuses = model.statuses.model_dump()
    return str(statuses[status]["label"]) if status in statuses else humanise(status)


def country_label(card: Scorecard, *, with_perspective: bool) -> str:
    if with_perspective and card.perspective != "government":
        return f"{card.country_name} ({humanise(card.perspective).lower()})"
    return card.country_name


def anchor(card: Scorecard) -> str:
    return f"country-{card.country.lower()}-{card.perspective.replace('_', '-')}"


# ---------------------------------------------------------------------------------------------------------------
# The scorecard of one country
# ---------------------------------------------------------------------------------------------------------------


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
class NormRef:
    letter: str
    title: str


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
    return _chart(svg, alt, "chart radar")


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
    return tuple(rows), _chart(svg, alt, "chart bars")


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
                 tuple(rows), _chart(svg, alt, "chart trend"), summary)


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
        return EvidenceView(True, None, None, None, "", None)
    return EvidenceView(
        False, user_text(evidence.title), safe_link(evidence.url), user_text(evidence.reference),
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


# ---------------------------------------------------------------------------------------------------------------
# What every report carries: the document, the method
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageDefinition:
    stage: StageCell
    description: str


@dataclass(frozen=True, slots=True)
class Method:
    model: str
    model_version: str
    model_description: str
    rule: str
    evidence_rule: str
    statuses: tuple[tuple[str, str], ...]
    stages: tuple[StageDefinition, ...]
    checklist: str
    checklist_id: str
    checklist_version: str
    edition_note: str | None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str
    running_title: str
    subtitle: str
    lang: str
    as_of: str
    created: dt.datetime
    illustrative: bool
    watermark: str
    footer: str
    description: str
    keywords: str
    generator: str

    @property
    def created_iso(self) -> str:
        return self.created.strftime("%Y-%m-%dT%H:%M:%SZ")


def _method(subject: Subject) -> Method:
    model = subject.model
    checklist = subject.checklist
    statuses = model.statuses
    return Method(
        model=model.name, model_version=model.version, model_description=" ".join(model.description.split()),
        rule=" ".join(model.rule.split()), evidence_rule=" ".join(model.evidence_rule.description.split()),
        statuses=tuple((statuses.get(s).label, f"{statuses.get(s).credit:g}")
                       for s in ("not_started", "planned", "partial", "largely", "full")),
        stages=tuple(StageDefinition(stage_cell(s.level, model), " ".join(s.description.split()))
                     for s in model.stages),
        checklist=checklist.title, checklist_id=checklist.id, checklist_version=checklist.version,
        edition_note=" ".join(checklist.edition_note.split()) if checklist.edition_note else None,
    )


def _stamp(as_of: dt.date, created: dt.datetime | None) -> dt.datetime:
    if created is not None:
        return created.astimezone(dt.UTC)
    return dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)


def _document(series: Sequence[Series], title: str, running_title: str, subtitle: str, description: str,
              created: dt.datetime | None) -> DocumentInfo:
    entries = [e for s in series for e in s.entries]
    as_of = max(e.card.date for e in entries)
    first = series[0].latest
    checklist, model = first.subject.checklist, first.subject.model
    illustrative = any(e.card.illustrative for e in entries)
    footer = (f"{checklist.title} {checklist.version} · {model.name} {model.version} · "
              f"data as of {as_of.isoformat()}")
    return DocumentInfo(
        title=title, running_title=running_title, subtitle=subtitle, lang="en", as_of=as_of.isoformat(),
        created=_stamp(as_of, created),
        illustrative=illustrative, watermark=WATERMARK, footer=footer, description=description,
        keywords=", ".join(["UN cyber norms", "A/70/174", checklist.id, checklist.version, model.id]),
        generator=GENERATOR,
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


def _legend(model: MaturityModel) -> tuple[StageCell, ...]:
    return (*(stage_cell(s.level, model) for s in model.stages), stage_cell(None, model))


def scorecard_report(series: Series, *, title: str | None = None,
                     created: dt.datetime | None = None) -> ScorecardReport:
    card = series.latest.card
    model = series.latest.subject.model
    shown = title or series.latest.subject.assessment.title or f"{card.country_name}: norms implementation scorecard"
    subtitle = f"{card.checklist.name}, version {card.checklist.version}"
    description = (f"Scorecard of {card.country_name} against {card.checklist.name} {card.checklist.version}, "
                   f"assessed {card.date.isoformat()}, scored with {card.model.name} {card.model.version}.")
    doc = _document([series], shown, card.country_name, subtitle, description, created)
    return ScorecardReport(doc, _method(series.latest.subject), _legend(model), scorecard_view(series), title)


# ---------------------------------------------------------------------------------------------------------------
# The comparative report
# ---------------------------------------------------------------------------------------------------------------


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
    most: str
    least: str


@dataclass(frozen=True, slots=True)
class StageGroup:
    stage: str
    names: tuple[str, ...]


def _by_stage(entries: Iterable[tuple[str, int | None]], model: MaturityModel) -> tuple[StageGroup, ...]:
    """States grouped by stage, lowest first, not rated last: shorter to read than a stage after each name."""
    groups: dict[int | None, list[str]] = defaultdict(list)
    for name, stage in entries:
        groups[stage].append(name)
    order = sorted(groups, key=lambda s: (s is None, s or 0))
    return tuple(StageGroup(stage_cell(s, model).label, tuple(sorted(groups[s]))) for s in order)


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
    mentees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PeerRow:
    letter: str
    title: str
    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    pairs: tuple[Mentoring, ...]
    note: str | None


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
    norm_stats: tuple[NormStat, ...]
    spread_chart: Chart | None
    ready_stage: str
    ready_min: int
    readiness: tuple[ReadinessRow, ...]
    readiness_summary: str
    mentor_stage: str
    mentee_stage: str
    peers: tuple[PeerRow, ...]
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
                    s.latest.card.date.isoformat(), ", ".join(e.card.date.isoformat() for e in s.earlier),
                    s.latest.card.illustrative, s.latest.subject.path.name)
        for s in series
    )
    heatmap = tuple(
        HeatmapRow(label[id(s)], anchor(s.latest.card),
                   tuple(stage_cell(_stage_of(s.latest.card, n), model) for n in norm_ids),
                   stage_cell(s.latest.card.overall.stage, model), index_label(s.latest.card.overall.index))
        for s in series
    )
    ranking, ranking_chart = _ranking(series, label, model)
    stats, spread_chart = _norm_stats(series, norm_ids, titles)
    readiness = _readiness(series, norm_ids, titles, label, model, ready_min)
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
        doc=_document(series, shown, f"Comparative report: {checklist.id} {checklist.version}", subtitle,
                      description, created),
        method=_method(first.subject),
        legend=_legend(model), countries=countries,
        norm_keys=tuple(NormRef(norm_letter(n), titles[n]) for n in norm_ids), heatmap=heatmap,
        ranking=ranking, ranking_chart=ranking_chart, norm_stats=stats, spread_chart=spread_chart,
        ready_stage=stage_cell(READY_STAGE, model).label, ready_min=ready_min, readiness=readiness,
        readiness_summary=readiness_summary, mentor_stage=stage_cell(MENTOR_STAGE, model).label,
        mentee_stage=stage_cell(MENTEE_STAGE, model).label,
        peers=_peers(series, norm_ids, titles, label, model),
        has_trend=any(s.previous is not None for s in series),
        cards=tuple(scorecard_view(s) for s in series),
    )


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return counts


def _stage_of(card: Scorecard, norm_id: str) -> int | None:
    return next((n.stage for n in card.norms if n.id == norm_id), None)


def _index_of(card: Scorecard, norm_id: str) -> float | None:
    return next((n.index for n in card.norms if n.id == norm_id), None)


def _ranking(series: Sequence[Series], label: dict[int, str],
             model: MaturityModel) -> tuple[tuple[RankRow, ...], Chart]:
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
    bar_rows = [charts.Bar(r.country, s.latest.card.overall.index, r.index, r.stage.fill)
                for r, s in zip(rows, ordered, strict=True)]
    legend = [(cell.label, cell.fill) for cell in (stage_cell(level, model) for level in range(6))]
    svg = charts.bars(bar_rows, title="Ranking by country index", label_width=190, legend=legend, width=560)
    alt = ("Bar chart ranking the countries by index (0 to 100), bars coloured by overall stage: "
           + "; ".join(f"{r.rank}. {r.country} {r.index} ({r.stage.label})" for r in rows) + ".")
    return tuple(rows), _chart(svg, alt, "chart ranking")


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
                                 "-", "-"))
            continue
        stages = [int(r[1]) for r in rated]  # type: ignore[arg-type]
        indices = [float(r[2]) for r in rated]  # type: ignore[arg-type]
        high, low = max(stages), min(stages)
        most = ", ".join(sorted(c for c, st, _ in rated if st == high))
        least = ", ".join(sorted(c for c, st, _ in rated if st == low))
        median_index = one_decimal(_median(indices))
        rows.append(NormStat(
            norm_letter(norm_id), titles[norm_id], len(rated), _fmt_stage(_median(stages)), str(low), str(high),
            str(high - low), index_label(median_index), index_label(min(indices)), index_label(max(indices)),
            index_label(one_decimal(max(indices) - min(indices))), most, least,
        ))
        spreads.append(charts.Spread(norm_letter(norm_id), min(indices), median_index, max(indices)))
    if not spreads:
        return tuple(rows), None
    svg = charts.spread(spreads, title="Regional spread of the index of each norm")
    alt = ("Chart of the regional spread of each norm's index (0 to 100), lowest to highest with the median: "
           + "; ".join(f"{r.letter} {r.min_index} to {r.max_index}, median {r.median_index}"
                       for r in rows if r.rated) + ".")
    return tuple(rows), _chart(svg, alt, "chart spread")


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
        if mentors and mentees:
            assigned: dict[int, list[str]] = defaultdict(list)
            for i, m in enumerate(mentees):
                assigned[i % len(mentors)].append(_names([(m[0], m[1])], model)[0])
            pairs = tuple(Mentoring(_names([(mentors[k][0], mentors[k][1])], model)[0], tuple(v))
                          for k, v in sorted(assigned.items()))
        elif not mentors and mentees:
            note = (f"No state is at {model.stage_name(MENTOR_STAGE)} or above on this norm yet; "
                    "support would have to come from outside the group.")
        elif mentors and not mentees:
            note = f"No state is at {model.stage_name(MENTEE_STAGE)} or below on this norm."
        else:
            note = "No state is at either end of the scale on this norm."
        rows.append(PeerRow(norm_letter(norm_id), titles[norm_id], _names(((n, st) for n, st, _ in mentors), model),
                            _names(((n, st) for n, st, _ in mentees), model), pairs, note))
    return tuple(rows)
