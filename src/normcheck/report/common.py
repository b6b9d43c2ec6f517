"""The pieces every report's view model shares: stage cells, labels, charts, the document and the method."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import Scorecard
from normcheck.report import charts
from normcheck.report.entries import Series
from normcheck.report.palette import ink_for, stage_fill
from normcheck.resolve import Subject
from normcheck.scoring import UNANSWERED

WATERMARK = "Illustrative data - not an official self-assessment"
GENERATOR = "normcheck"

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
    return UserText(soft_breaks(close_bidi(text.strip())), lang, lang in _UNBROKEN or _has_unbroken(text))


# WeasyPrint's cost for an unbroken run of characters grows with the square of its length (a 10,000-character
# "word" adds about 14 s to a page); a zero-width space every few characters in such a run gives line breaking
# places to stop, so the cost stays linear. Ordinary long words are left alone.
SOFT_BREAK = "\u200b"
_LONG_RUN = re.compile(r"\S{61,}")
_BREAK_EVERY = 8


def soft_breaks(text: str) -> str:
    """`text` with a zero-width space every 8 characters of any run of more than 60 without a space."""
    return _LONG_RUN.sub(lambda m: _split_run(m.group()), text)


def _split_run(run: str) -> str:
    out: list[str] = []
    since = 0
    for i, char in enumerate(run):
        if since >= _BREAK_EVERY and _may_break_before(run, i):
            out.append(SOFT_BREAK)
            since = 0
        out.append(char)
        since += 1
    return "".join(out)


def _may_break_before(run: str, i: int) -> bool:
    """Never split a character from its combining marks, a consonant from the virama or coeng that stacks it
    (Khmer, Myanmar), or a joined sequence (emoji)."""
    kind, before = unicodedata.category(run[i]), unicodedata.category(run[i - 1])
    stacks = unicodedata.combining(run[i - 1]) == _VIRAMA
    return kind[0] != "M" and kind not in ("Cf", "Sk") and before != "Cf" and not stacks


_VIRAMA = 9  # the canonical combining class of viramas, Khmer coeng and Myanmar asat


# Embedding, override and isolate controls are legitimate in right-to-left text, but one left open in a note
# would reorder whatever the report prints after it; each text closes what it opened.
_CLOSER = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
           "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_POP_EMBEDDING, _POP_ISOLATE = "\u202c", "\u2069"


def close_bidi(text: str) -> str:
    """`text` with every bidirectional embedding, override or isolate it leaves open closed at its end."""
    if not any(char in text for char in _CLOSER):
        return text
    open_: list[str] = []
    for char in text:
        if char in _CLOSER:
            open_.append(_CLOSER[char])
        elif char == _POP_EMBEDDING and open_ and open_[-1] == _POP_EMBEDDING:
            open_.pop()
        elif char == _POP_ISOLATE and _POP_ISOLATE in open_:
            while open_.pop() != _POP_ISOLATE:  # closing an isolate closes the embeddings opened inside it
                pass
    return text + "".join(reversed(open_))


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


def make_chart(svg: str, alt: str, css_class: str) -> Chart:
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


@dataclass(frozen=True, slots=True)
class NormRef:
    letter: str
    title: str


def stage_legend(model: MaturityModel) -> tuple[StageCell, ...]:
    return (*(stage_cell(s.level, model) for s in model.stages), stage_cell(None, model))


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


def method_of(subject: Subject) -> Method:
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


def document_info(series: Sequence[Series], title: str, running_title: str, subtitle: str,
                  description: str, created: dt.datetime | None) -> DocumentInfo:
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
