"""How one checklist version's item ids map onto the next's, read from the new version's `supersedes` block."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from normcheck.models.checklist import Checklist


class Fate(StrEnum):
    """What happens to an item id, and so to its answers, between two versions."""

    KEPT = "kept"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True, slots=True)
class Link:
    """Old ids -> new ids. Every id of either version is in exactly one link of a valid mapping."""

    fate: Fate
    old: tuple[str, ...]
    new: tuple[str, ...]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class VersionMap:
    old: Checklist
    new: Checklist
    links: tuple[Link, ...]

    @property
    def declared(self) -> bool:
        """The new version says it supersedes the old one (otherwise ids are matched as they are)."""
        return declares(self.new, self.old)


def declares(new: Checklist, old: Checklist) -> bool:
    return new.id == old.id and new.supersedes is not None and new.supersedes.version == old.version


def version_map(old: Checklist, new: Checklist) -> VersionMap:
    """The links between two versions: the declared changes, then ids kept, dropped without a word, and added.

    Assumes the mapping passed validate.check_supersedes and check_mapping; an undeclared pair is matched by id.
    """
    changes = new.supersedes.changes if declares(new, old) and new.supersedes else []
    links: list[Link] = []
    mentioned: set[str] = set()
    for change in changes:
        reason = change.removed.reason if change.removed is not None else None
        links.append(Link(Fate(change.kind), change.sources, change.targets, reason))
        mentioned.update(change.sources, change.targets)
    new_ids = {i.id for i in new.items}
    old_ids = {i.id for i in old.items}
    for item in old.items:
        if item.id not in mentioned:
            fate = Fate.KEPT if item.id in new_ids else Fate.REMOVED
            links.append(Link(fate, (item.id,), (item.id,) if fate is Fate.KEPT else ()))
    links.extend(
        Link(Fate.ADDED, (), (item.id,)) for item in new.items if item.id not in mentioned and item.id not in old_ids
    )
    return VersionMap(old, new, tuple(links))


class ChainError(ValueError):
    """The versions between an assessment's checklist and the target cannot be connected."""


def version_chain(target: Checklist, start: str, lookup: Callable[[str], Checklist | None]) -> list[Checklist]:
    """[start, ..., target] by following `supersedes` back from the target; [target] when already there."""
    chain = [target]
    current = target
    while current.version != start:
        sup = current.supersedes
        if sup is None:
            seen = ", ".join(c.version for c in chain)
            raise ChainError(
                f"{target.id} {target.version} does not descend from {start} (its line of versions: {seen}); "
                "declare the version each one replaces under 'supersedes'"
            )
        if any(c.version == sup.version for c in chain):
            raise ChainError(f"the 'supersedes' versions of {target.id} go round in a circle at {sup.version}")
        previous = lookup(sup.version)
        if previous is None:
            raise ChainError(
                f"{target.id} {current.version} supersedes {sup.version}, which was not found; "
                "add that version with --checklists DIR"
            )
        chain.append(previous)
        current = previous
    return list(reversed(chain))
