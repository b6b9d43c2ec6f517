"""Checks that span more than one field or file; each returns every issue it finds, never raises."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections import defaultdict
from collections.abc import Mapping

from normcheck.errors import Issue, Severity
from normcheck.loading import Loaded
from normcheck.models.assessment import Assessment
from normcheck.models.checklist import NORM_IDS, TIERS, Change, Checklist, NormSet
from normcheck.models.maturity import SCORED_STATUSES, MaturityModel
from normcheck.yamlio import Document

WARNING = Severity.WARNING


def check_norm_set(loaded: Loaded[NormSet]) -> list[Issue]:
    issues = []
    seen: dict[str, int] = {}
    for index, norm in enumerate(loaded.value.norms):
        if norm.id in seen:
            issues.append(
                loaded.doc.issue(
                    ("norms", index, "id"), f"norm {norm.id!r} is defined twice (also norms[{seen[norm.id]}])"
                )
            )
        seen.setdefault(norm.id, index)
    return issues


def check_checklist(loaded: Loaded[Checklist], norm_sets: Mapping[str, NormSet]) -> list[Issue]:
    checklist, doc = loaded.value, loaded.doc
    issues: list[Issue] = []
    pattern = None
    if checklist.id_pattern is not None:
        try:
            pattern = re.compile(checklist.id_pattern)
        except re.error as exc:
            issues.append(doc.issue(("id_pattern",), f"not a valid regular expression: {exc}"))
    first_index: dict[str, int] = {}
    for index, item in enumerate(checklist.items):
        if item.id in first_index:
            issues.append(
                doc.issue(
                    ("items", index, "id"),
                    f"item id {item.id!r} is used twice "
                    f"(first at items[{first_index[item.id]}]); every id must be unique",
                )
            )
        first_index.setdefault(item.id, index)
        if pattern is not None and not pattern.fullmatch(item.id):
            issues.append(
                doc.issue(
                    ("items", index, "id"),
                    f"item id {item.id!r} does not match the id_pattern {checklist.id_pattern!r}",
                )
            )
    norm_set = norm_sets.get(checklist.norms)
    if norm_set is None:
        known = ", ".join(sorted(norm_sets)) or "none found"
        issues.append(doc.issue(("norms",), f"unknown set of norms {checklist.norms!r} (known: {known})"))
    else:
        defined = {n.id for n in norm_set.norms}
        for index, item in enumerate(checklist.items):
            if item.norm not in defined:
                issues.append(
                    doc.issue(
                        ("items", index, "norm"), f"norm {item.norm!r} is not defined in {norm_set.id!r}"
                    )
                )
    issues.extend(_tier_coverage(checklist, doc))
    issues.extend(check_supersedes(loaded))
    return issues


def _tier_coverage(checklist: Checklist, doc: Document) -> list[Issue]:
    """The cumulative stage rule needs every tier of a norm populated, or the stage could skip a level."""
    tiers: dict[str, set[int]] = defaultdict(set)
    first: dict[str, int] = {}
    for index, item in enumerate(checklist.items):
        tiers[item.norm].add(item.tier)
        first.setdefault(item.norm, index)
    issues = []
    for norm in NORM_IDS:
        if norm not in tiers:
            continue
        missing = [t for t in TIERS if t not in tiers[norm]]
        if missing:
            listed = ", ".join(str(t) for t in missing)
            issues.append(
                doc.issue(
                    ("items", first[norm], "norm"),
                    f"norm ({norm}) has no item at tier {listed}; every norm needs at least one item at each "
                    "tier 1-5 so that its stage can rise one step at a time",
                )
            )
    return issues


def check_model(loaded: Loaded[MaturityModel]) -> list[Issue]:
    model, doc = loaded.value, loaded.doc
    issues = []
    for index, stage in enumerate(model.stages):
        if stage.level != index:
            issues.append(
                doc.issue(
                    ("stages", index, "level"),
                    f"stage {index} must have level {index}; list the stages 0 to 5 in order",
                )
            )
    credits = [model.statuses.get(s).credit for s in SCORED_STATUSES]
    for (lower, a), (higher, b) in itertools.pairwise(zip(SCORED_STATUSES, credits, strict=True)):
        if b < a:
            issues.append(
                doc.issue(
                    ("statuses", higher, "credit"),
                    f"credit {b} is below {lower}'s {a}; credits must not fall as status rises",
                )
            )
    if model.evidence_rule.otherwise in model.met:
        issues.append(
            doc.issue(
                ("evidence_rule", "otherwise"),
                f"{model.evidence_rule.otherwise!r} counts as met, so unevidenced claims would still "
                "count; choose a status that is not in 'met'",
                severity=WARNING,
            )
        )
    return issues


def check_assessment_items(doc: Document, checklist: Checklist) -> list[Issue]:
    """Compare the answered ids (read from the raw file, so this runs even when the schema fails)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    responses = data.get("responses")
    if not isinstance(responses, dict):
        return []
    known = [i.id for i in checklist.items]
    known_set = set(known)
    issues = []
    for key in responses:
        if key not in known_set:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            issues.append(
                doc.issue(
                    ("responses", key),
                    f"unknown item {key!r}: it is not in checklist {checklist.id} {checklist.version}{hint}",
                    key=True,
                )
            )
    missing = [i for i in known if not _has_status(responses.get(i))]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        issues.append(
            doc.issue(
                ("responses",),
                f"{len(missing)} item(s) have no status and count as unanswered: {shown}",
                key=True,
                severity=WARNING,
            )
        )
    return issues


def _has_status(response: object) -> bool:
    return isinstance(response, dict) and response.get("status") is not None


def check_assessment_dates(
    doc: Document, date: dt.date, period_end: dt.date | None, today: dt.date
) -> list[Issue]:
    issues: list[Issue] = []
    if date > today:
        issues.append(
            doc.issue(("date",), f"the date {date} is in the future; is it a typo?", severity=WARNING)
        )
    if period_end is not None and period_end > today:
        issues.append(
            doc.issue(("period", "end"), f"the period ends in the future ({period_end})", severity=WARNING)
        )
    return issues


def check_narrative_norms(doc: Document, narrative_norms: list[str], checklist: Checklist) -> list[Issue]:
    covered = set(checklist.norm_ids())
    return [
        doc.issue(
            ("norms", norm),
            f"norm ({norm}) has no items in checklist {checklist.id}; this text will not appear in reports",
            key=True,
            severity=WARNING,
        )
        for norm in narrative_norms
        if norm not in covered
    ]


def check_assessors(doc: Document, count: int) -> list[Issue]:
    if count:
        return []
    return [
        doc.issue(
            ("assessors",),
            "no assessors are named; add who carried out the assessment",
            key=True,
            severity=WARNING,
        )
    ]


Loc = tuple[str | int, ...]


def _sources(change: Change, base: Loc) -> list[tuple[Loc, str]]:
    if change.renamed is not None:
        return [((*base, "renamed", "from"), change.renamed.from_)]
    if change.split is not None:
        return [((*base, "split", "from"), change.split.from_)]
    if change.merged is not None:
        return [((*base, "merged", "from", j), old) for j, old in enumerate(change.merged.from_)]
    assert change.removed is not None
    return [((*base, "removed", "id"), change.removed.id)]


def _targets(change: Change, base: Loc) -> list[tuple[Loc, str]]:
    if change.renamed is not None:
        return [((*base, "renamed", "to"), change.renamed.to)]
    if change.split is not None:
        return [((*base, "split", "into", j), new) for j, new in enumerate(change.split.into)]
    if change.merged is not None:
        return [((*base, "merged", "into"), change.merged.into)]
    return []


def _gone_message(change: Change, old_id: str) -> str | None:
    """Why `old_id`, still an item of the new version, should not be; None when it may stay."""
    if change.renamed is not None:
        return f"{old_id!r} is renamed but is still an item of this version; remove it, or use split to keep it"
    if change.split is not None:
        if old_id in change.split.into:
            return None
        return f"{old_id!r} is still an item of this version but is not one of the parts; list it under 'into'"
    if change.merged is not None:
        if old_id == change.merged.into:
            return None
        return f"{old_id!r} is merged into {change.merged.into!r} but is still an item of this version; remove it"
    return f"{old_id!r} is removed but is still an item of this version; remove the item or this change"


def check_supersedes(loaded: Loaded[Checklist]) -> list[Issue]:
    """The `supersedes` mapping makes sense within the version that declares it."""
    checklist, doc = loaded.value, loaded.doc
    sup = checklist.supersedes
    if sup is None:
        return []
    issues = []
    if sup.version == checklist.version:
        issues.append(
            doc.issue(("supersedes", "version"), f"version {sup.version!r} cannot supersede itself; "
                      "give the version this one replaces")
        )
    current = [i.id for i in checklist.items]
    sources: dict[str, int] = {}
    targets: dict[str, int] = {}
    for index, change in enumerate(sup.changes):
        base: Loc = ("supersedes", "changes", index)
        for loc, old_id in _sources(change, base):
            if old_id in sources:
                where = "in this change" if sources[old_id] == index else f"by changes[{sources[old_id]}]"
                issues.append(doc.issue(loc, f"{old_id!r} is already mapped {where}; map each old id once"))
            sources.setdefault(old_id, index)
            message = _gone_message(change, old_id) if old_id in current else None
            if message:
                issues.append(doc.issue(loc, message))
        for loc, new_id in _targets(change, base):
            if new_id not in current:
                issues.append(
                    doc.issue(loc, f"{new_id!r} is not an item of this version{_close(new_id, current)}")
                )
            elif new_id in targets:
                where = "in this change" if targets[new_id] == index else f"from changes[{targets[new_id]}]"
                issues.append(
                    doc.issue(loc, f"{new_id!r} already receives answers {where}; to combine old items into one, "
                              "use a single merged change")
                )
            targets.setdefault(new_id, index)
        if change.renamed is not None and change.renamed.from_ == change.renamed.to:
            issues.append(doc.issue((*base, "renamed", "to"), "an id renamed to itself; drop this change"))
    return issues


def check_mapping(loaded: Loaded[Checklist], old: Checklist) -> list[Issue]:
    """The mapping accounts for every item of the version it supersedes, so migration can lose no answer."""
    checklist, doc = loaded.value, loaded.doc
    sup = checklist.supersedes
    if sup is None or sup.version != old.version or old.id != checklist.id:
        return []
    old_ids = [i.id for i in old.items]
    new_ids = {i.id for i in checklist.items}
    all_sources = {s for c in sup.changes for s in c.sources}
    issues = []
    for index, change in enumerate(sup.changes):
        base: Loc = ("supersedes", "changes", index)
        for loc, old_id in _sources(change, base):
            if old_id not in old_ids:
                issues.append(
                    doc.issue(loc, f"{old_id!r} is not an item of {old.id} {old.version}{_close(old_id, old_ids)}")
                )
        for loc, new_id in _targets(change, base):
            if new_id in old_ids and new_id not in all_sources:
                issues.append(
                    doc.issue(
                        loc,
                        f"{new_id!r} is an item of {old.version} too, so its own answers would meet the ones mapped "
                        "onto it; account for it as well (merge it, or rename it first)",
                    )
                )
    for old_id in old_ids:
        if old_id not in new_ids and old_id not in all_sources:
            issues.append(
                doc.issue(
                    ("supersedes", "changes"),
                    f"item {old_id!r} of {old.version} is not in {checklist.version} and no change accounts for "
                    "it; add a renamed, split, merged or removed entry so its answers are not lost",
                    key=True,
                )
            )
    return issues


def _close(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_review_marks(doc: Document, assessment: Assessment) -> list[Issue]:
    marked = [item_id for item_id, r in assessment.responses.items() if r.review]
    if not marked:
        return []
    shown = ", ".join(marked[:5]) + (f" and {len(marked) - 5} more" if len(marked) > 5 else "")
    return [
        doc.issue(
            ("responses", marked[0], "review"),
            f"{len(marked)} answer(s) carried over by a migration are marked for review: {shown}; check each, "
            "then remove 'review: true'",
            severity=WARNING,
        )
    ]
