"""What a report is built from: scored assessments, grouped into one series per country and perspective."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from normcheck.errors import UsageError
from normcheck.models.scorecard import Scorecard
from normcheck.resolve import Subject


@dataclass(frozen=True, slots=True)
class Entry:
    """One assessment with its scorecard, scored once."""

    subject: Subject
    card: Scorecard

    @property
    def key(self) -> tuple[str, str]:
        return (self.card.country, self.card.perspective)

    @property
    def path(self) -> Path:
        return self.subject.path

    @property
    def date(self) -> dt.date:
        return self.card.date

    @property
    def checklist_key(self) -> tuple[str, str]:
        return self.subject.checklist.key


@dataclass(frozen=True, slots=True)
class Listed:
    """What `--each` keeps of a valid assessment while it renders the others: where the file is and where it falls
    in its country's series. A scored entry takes about 250 KB; this, a few hundred bytes, so memory does not grow
    with the number of files. The entry is loaded again when its scorecard is rendered."""

    path: Path
    key: tuple[str, str]
    date: dt.date
    checklist_key: tuple[str, str]

    @classmethod
    def of(cls, entry: Entry) -> Listed:
        return cls(entry.path, entry.key, entry.date, entry.checklist_key)


class Placed(Protocol):
    """An assessment's place in a series: its file, country and perspective, and date."""

    @property
    def path(self) -> Path: ...
    @property
    def key(self) -> tuple[str, str]: ...
    @property
    def date(self) -> dt.date: ...


P = TypeVar("P", bound=Placed)


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


def check_one_checklist(entries: Sequence[Entry | Listed]) -> None:
    """Refuse to compare answers to different checklists or versions: their items and stages differ."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in entries:
        by_key[entry.checklist_key].append(entry.path.name)
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


def _entry_order(entry: Placed) -> tuple[dt.date, str]:
    return (entry.date, str(entry.path))


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


def series_for_each(entries: Sequence[P]) -> list[tuple[P, tuple[P, ...]]]:
    """One series per assessment, in file order: the assessment and the earlier ones of its country and
    perspective, oldest first."""
    by_key: dict[tuple[str, str], list[P]] = defaultdict(list)
    for entry in sorted(entries, key=_entry_order):
        by_key[entry.key].append(entry)
    out = []
    for entry in sorted(entries, key=lambda e: str(e.path)):
        earlier = tuple(e for e in by_key[entry.key] if e.date < entry.date)
        out.append((entry, earlier))
    return out
