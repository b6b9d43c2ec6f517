"""Scorecards as text for the terminal and for other programs: table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from normcheck.models.scorecard import NormScore, Scorecard


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class Scored:
    """A scorecard with the file it came from, which the pure scorecard does not know."""

    file: str
    card: Scorecard


def render(fmt: Format, scored: Sequence[Scored], *, explain: bool = False, width: int = 110) -> str:
    renderers: dict[Format, Callable[[Sequence[Scored]], str]] = {
        Format.TABLE: lambda s: as_table(s, explain=explain, width=width),
        Format.JSON: as_json,
        Format.CSV: as_csv,
    }
    return renderers[fmt](scored)


def as_json(scored: Sequence[Scored]) -> str:
    objects = [{"file": s.file, **s.card.model_dump(mode="json")} for s in scored]
    payload: Any = objects[0] if len(objects) == 1 else objects
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "file",
    "country",
    "date",
    "checklist",
    "checklist_version",
    "norm",
    "title",
    "stage",
    "stage_name",
    "index",
    "met",
    "applicable",
    "blockers",
    "unevidenced",
)


def as_csv(scored: Sequence[Scored]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in scored:
        card = s.card
        head = [s.file, card.country, card.date.isoformat(), card.checklist.id, card.checklist.version]
        for norm in card.norms:
            writer.writerow(
                _cells(
                    [
                        *head,
                        norm.id,
                        norm.title,
                        norm.stage,
                        norm.stage_name,
                        norm.index,
                        norm.met,
                        norm.applicable,
                        len(norm.blockers),
                        len(norm.unevidenced),
                    ]
                )
            )
        o = card.overall
        writer.writerow(
            _cells(
                [
                    *head,
                    "overall",
                    "",
                    o.stage,
                    o.stage_name,
                    o.index,
                    sum(n.met for n in card.norms),
                    sum(n.applicable for n in card.norms),
                    sum(len(n.blockers) for n in card.norms),
                    o.unevidenced,
                ]
            )
        )
    return out.getvalue()


def _cells(values: Sequence[object]) -> list[str]:
    return [neutralise_formula("" if v is None else str(v)) for v in values]


def neutralise_formula(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps them text."""
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def stage_label(stage: int | None, name: str | None) -> str:
    return "not rated" if stage is None else f"{stage} {name}"


def index_label(index: float | None) -> str:
    return "-" if index is None else f"{index:.1f}"


def as_table(scored: Sequence[Scored], *, explain: bool, width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=False,
        color_system=None,
        highlight=False,
        soft_wrap=False,
        markup=False,  # titles and item texts come from editable files: '[red]' or '[/x]' must print as typed
        emoji=False,
    )
    for s in scored:
        card = s.card
        o = card.overall
        flag = "  [illustrative data - not an official self-assessment]" if card.illustrative else ""
        console.print(
            Text(
                f"{card.country_name} ({card.country}) - {card.checklist.name} "
                f"{card.checklist.version} - assessed {card.date}{flag}"
            )
        )
        table = Table(show_edge=False, pad_edge=False, expand=False)
        for column, justify in (
            ("Norm", "left"),
            ("Title", "left"),
            ("Stage", "left"),
            ("Index", "right"),
            ("Met", "right"),
            ("To reach the next stage", "left"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for norm in card.norms:
            table.add_row(
                f"({norm.id})",
                norm.title,
                stage_label(norm.stage, norm.stage_name),
                index_label(norm.index),
                f"{norm.met}/{norm.applicable}",
                _next_step(norm),
            )
        console.print(table)
        weakest = ", ".join(f"({n})" for n in o.weakest) or "-"
        console.print(
            Text(
                f"Overall: stage {stage_label(o.stage, o.stage_name)}, index {index_label(o.index)}; "
                f"weakest {weakest}; coverage {o.coverage:.0%}; unevidenced claims {o.unevidenced}"
            )
        )
        console.print(Text(f"Model: {card.model.name} {card.model.version}"))
        if explain:
            for norm in card.norms:
                console.print(Text(_explain(norm)))
        console.print()
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def _next_step(norm: NormScore) -> str:
    if norm.stage is None:
        return "not applicable"
    if not norm.blockers:
        return "highest stage reached" if norm.stage == 5 else "-"
    return f"{len(norm.blockers)} item(s) of tier {norm.stage + 1}: " + ", ".join(b.id for b in norm.blockers)


def _explain(norm: NormScore) -> str:
    lines = [
        f"\n({norm.id}) {norm.title}: stage {stage_label(norm.stage, norm.stage_name)}, "
        f"index {index_label(norm.index)}"
    ]
    for tier in norm.tiers:
        mark = "holds" if tier.holds else "does not hold"
        lines.append(f"  tier {tier.tier}: {mark} ({tier.met}/{tier.applicable} met)")
    if norm.blockers:
        lines.append(f"  to reach stage {norm.blockers[0].tier}, complete:")
        lines.extend(f"    - {b.id} [{b.status}, +{b.gain:.1f} index] {b.text}" for b in norm.blockers)
    if norm.unevidenced:
        lines.append("  claimed without evidence (counted as partial): " + ", ".join(norm.unevidenced))
    return "\n".join(lines)
