"""`normcheck checklist diff`: what changed between two checklist versions, as a terminal table or Markdown."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from normcheck.models.checklist import Checklist, Item
from normcheck.versions import Fate, Link, VersionMap, version_map


class DiffFormat(StrEnum):
    TABLE = "table"
    MD = "md"


ANSWERS = {
    Fate.RENAMED: "carried over unchanged",
    Fate.SPLIT: "copied to each part and marked for review",
    Fate.MERGED: "lowest status and all evidence kept, marked for review",
    Fate.REMOVED: "kept under retired_responses, not scored",
}
SUMMARY_ORDER = (
    "added", "removed", "renamed", "split", "merged", "reworded", "re-tiered", "re-weighted", "other changes",
)


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the diff; both output formats render the same sections."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ChecklistDiff:
    checklist_id: str
    old_version: str
    new_version: str
    declared: bool
    counts: dict[str, int]
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return f"Checklist {self.checklist_id}: changes from {self.old_version} to {self.new_version}"

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in SUMMARY_ORDER if self.counts.get(k)]
        return (", ".join(parts) + ".") if parts else "No changes to the items."

    def note(self) -> str | None:
        if self.declared:
            return None
        return (
            f"{self.new_version} does not declare that it supersedes {self.old_version}, so items are matched by "
            "id only and assessments cannot be migrated between them."
        )


def diff_checklists(old: Checklist, new: Checklist) -> ChecklistDiff:
    mapping = version_map(old, new)
    old_items = {i.id: i for i in old.items}
    new_items = {i.id: i for i in new.items}
    counts: dict[str, int] = {}
    sections = [
        _head_section(old, new),
        _mapping_section(mapping, counts),
        _added_section(mapping, new_items, counts),
        _removed_section(mapping, old_items),
        *_item_sections(mapping, old_items, new_items, counts),
    ]
    return ChecklistDiff(
        new.id, old.version, new.version, mapping.declared, counts, tuple(s for s in sections if s.rows)
    )


def _head_section(old: Checklist, new: Checklist) -> Section:
    rows = []
    for name in ("title", "description", "edition_note", "norms", "id_pattern", "locales"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            rows.append((name, _show(before), _show(after)))
    return Section("Checklist details", ("Field", "Before", "After"), tuple(rows))


def _show(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _mapping_section(mapping: VersionMap, counts: dict[str, int]) -> Section:
    rows = []
    for link in mapping.links:
        if link.fate in (Fate.KEPT, Fate.ADDED):
            continue
        counts[link.fate.value] = counts.get(link.fate.value, 0) + 1
        answers = ANSWERS[link.fate]
        if link.fate is Fate.REMOVED:
            answers += f". Reason: {link.reason}" if link.reason else ". No reason given"
        rows.append((link.fate.value, ", ".join(link.old), ", ".join(link.new) or "-", answers))
    old_v, new_v = mapping.old.version, mapping.new.version
    return Section(
        "Mapping of item ids", ("Change", f"From ({old_v})", f"To ({new_v})", "What happens to answers"), tuple(rows)
    )


def _added_section(mapping: VersionMap, new_items: dict[str, Item], counts: dict[str, int]) -> Section:
    rows = []
    for link in mapping.links:
        if link.fate is Fate.ADDED:
            item = new_items[link.new[0]]
            rows.append((item.id, f"({item.norm})", str(item.tier), _flat(item.text)))
    counts["added"] = len(rows)
    return Section("Added items (unanswered after migration)", ("Item", "Norm", "Tier", "Action"), tuple(rows))


def _removed_section(mapping: VersionMap, old_items: dict[str, Item]) -> Section:
    rows = []
    for link in mapping.links:
        if link.fate is Fate.REMOVED:
            item = old_items[link.old[0]]
            rows.append((item.id, f"({item.norm})", str(item.tier), _flat(item.text)))
    return Section("Removed items", ("Item", "Norm", "Tier", "Action"), tuple(rows))


def _pairs(mapping: VersionMap) -> list[tuple[Link, str, str]]:
    """Items that continue one-to-one (kept or renamed), whose content can be compared."""
    return [(link, link.old[0], link.new[0]) for link in mapping.links if link.fate in (Fate.KEPT, Fate.RENAMED)]


def _item_sections(
    mapping: VersionMap, old_items: dict[str, Item], new_items: dict[str, Item], counts: dict[str, int]
) -> list[Section]:
    reworded, tiers, weights, other = [], [], [], []
    for _, old_id, new_id in _pairs(mapping):
        before, after = old_items[old_id], new_items[new_id]
        label = new_id if old_id == new_id else f"{old_id} -> {new_id}"
        if _flat(before.text) != _flat(after.text):
            reworded.append((label, _flat(before.text), _flat(after.text)))
        if before.tier != after.tier:
            tiers.append((label, f"({after.norm})", str(before.tier), str(after.tier)))
        if before.weight != after.weight:
            weights.append((label, f"({after.norm})", f"{before.weight:g}", f"{after.weight:g}"))
        for name, b, a in (
            ("norm", f"({before.norm})", f"({after.norm})"),
            ("category", before.category.value, after.category.value),
            ("guidance", _flat(before.guidance), _flat(after.guidance)),
            ("source", _source(before), _source(after)),
        ):
            if b != a:
                other.append((label, name, b, a))
    counts["reworded"] = len(reworded)
    counts["re-tiered"] = len(tiers)
    counts["re-weighted"] = len(weights)
    counts["other changes"] = len(other)
    return [
        Section("Reworded items", ("Item", "Before", "After"), tuple(reworded)),
        Section("Re-tiered items (the stage they evidence)", ("Item", "Norm", "Before", "After"), tuple(tiers)),
        Section("Re-weighted items", ("Item", "Norm", "Before", "After"), tuple(weights)),
        Section("Other changes", ("Item", "Field", "Before", "After"), tuple(other)),
    ]


def _source(item: Item) -> str:
    return item.source.document + (f", {item.source.locator}" if item.source.locator else "")


def _flat(text: str) -> str:
    return " ".join(text.split())


def render_diff(diff: ChecklistDiff, fmt: DiffFormat, *, width: int = 120) -> str:
    return as_markdown(diff) if fmt is DiffFormat.MD else as_table(diff, width=width)


def as_markdown(diff: ChecklistDiff) -> str:
    lines = [f"## {_md(diff.title)}", "", _md(diff.summary())]
    if diff.note():
        lines += ["", f"*{_md(diff.note() or '')}*"]
    for section in diff.sections:
        lines += ["", f"### {section.title}", "", _md_row(section.columns), _md_row(("---",) * len(section.columns))]
        lines += [_md_row(row) for row in section.rows]
    return "\n".join(lines) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _md(text: str) -> str:
    """Table-safe Markdown: one line, pipes escaped, and no stray emphasis or HTML from item text."""
    text = " ".join(text.split())
    for char in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;")


def as_table(diff: ChecklistDiff, *, width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=io.StringIO(), width=width, force_terminal=False, color_system=None, highlight=False, soft_wrap=False
    )
    console.print(Text(diff.title))
    console.print(Text(diff.summary()))
    if diff.note():
        console.print(Text(diff.note() or ""))
    for section in diff.sections:
        table = Table(title=section.title, title_justify="left", show_edge=False, pad_edge=False, expand=False)
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print()
        console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]
