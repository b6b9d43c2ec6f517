"""Carry assessments to a new checklist version along the declared mapping, losing no answer or evidence.

`migrate` is pure; `plan_migrations` reads the files and prepares what the command prints and writes."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from normcheck import yamlio
from normcheck.catalog import Catalog
from normcheck.errors import InputError, Issue, sort_issues
from normcheck.formats import index_label, stage_label
from normcheck.models.assessment import Assessment, Evidence, Response, RetiredResponse, Status
from normcheck.models.checklist import Checklist, Item
from normcheck.models.scorecard import Scorecard
from normcheck.resolve import load_subject
from normcheck.scoring import score
from normcheck.serialise import assessment_yaml, schema_ref
from normcheck.versions import ChainError, Fate, Link, version_chain, version_map

# Lowest first. Unanswered counts as lowest: a merged action is not known to be done while part of it is unanswered.
_RANK: tuple[Status | None, ...] = (
    None, Status.NOT_STARTED, Status.PLANNED, Status.PARTIAL, Status.LARGELY, Status.FULL,
)


@dataclass(frozen=True, slots=True)
class Affected:
    """One item whose answer, text or place in the scoring changes, for the dry-run report."""

    change: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class Step:
    from_version: str
    to_version: str
    affected: tuple[Affected, ...]


@dataclass(frozen=True, slots=True)
class Migrated:
    assessment: Assessment
    steps: tuple[Step, ...]


def migrate(assessment: Assessment, chain: Sequence[Checklist]) -> Migrated:
    """Move `assessment` from chain[0] (the version it answers) through each later version to chain[-1]."""
    if not chain or assessment.checklist.version != chain[0].version:
        raise ValueError("the chain must start at the version the assessment answers")
    steps = []
    for old, new in itertools.pairwise(chain):
        assessment, affected = migrate_step(assessment, old, new)
        steps.append(Step(old.version, new.version, affected))
    return Migrated(assessment, tuple(steps))


def migrate_step(assessment: Assessment, old: Checklist, new: Checklist) -> tuple[Assessment, tuple[Affected, ...]]:
    """One version step. Pure: the same inputs always give the same new assessment and report."""
    mapping = version_map(old, new)
    if not mapping.declared:
        raise ValueError(f"{new.id} {new.version} does not declare that it supersedes {old.version}")
    step = f"{old.version} -> {new.version}"
    old_items = {i.id: i for i in old.items}
    unknown = [i for i in assessment.responses if i not in old_items]
    if unknown:
        raise ValueError(f"answers to ids not in {old.id} {old.version} would be lost: {', '.join(unknown)}")
    new_items = {i.id: i for i in new.items}
    given = assessment.responses
    moved: dict[str, Response] = {}
    retired = dict(assessment.retired_responses)
    affected: list[Affected] = []
    for link in mapping.links:
        if link.fate is Fate.KEPT:
            if link.old[0] in given:
                moved[link.new[0]] = given[link.old[0]]
            changed = _content_changes(old_items[link.old[0]], new_items[link.new[0]])
            if changed:
                affected.append(Affected("changed", link.old, link.new, f"{changed}; answer unchanged"))
        elif link.fate is Fate.RENAMED:
            if link.old[0] in given:
                moved[link.new[0]] = given[link.old[0]]
            changed = _content_changes(old_items[link.old[0]], new_items[link.new[0]])
            detail = _summary(given.get(link.old[0])) + (f"; {changed}" if changed else "")
            affected.append(Affected("renamed", link.old, link.new, detail))
        elif link.fate is Fate.SPLIT:
            source = given.get(link.old[0])
            for new_id in link.new:
                if source is not None:
                    moved[new_id] = _split_part(source, link.old[0], step)
            note = "copied to each part; marked for review" if _has_content(source) else "nothing to copy"
            affected.append(Affected("split", link.old, link.new, f"{_summary(source)}; {note}"))
        elif link.fate is Fate.MERGED:
            merged = _merge(link, given, step)
            if merged is not None:
                moved[link.new[0]] = merged
            parts = " + ".join(_status_label(given.get(i)) for i in link.old)
            outcome = f"{parts} -> {_status_label(merged)}" if merged is not None else "all unanswered"
            evidence = f", {len(merged.evidence)} evidence kept" if merged is not None and merged.evidence else ""
            review = "; marked for review" if merged is not None and merged.review else ""
            affected.append(Affected("merged", link.old, link.new, f"{outcome}{evidence}{review}"))
        elif link.fate is Fate.REMOVED:
            source = given.get(link.old[0])
            if _has_content(source):
                assert source is not None
                key = _retired_key(link.old[0], old.version, retired)
                retired[key] = RetiredResponse(
                    from_version=old.version, text=old_items[link.old[0]].text, reason=link.reason or "removed",
                    response=source,
                )
                where = f"kept under retired_responses.{key}"
            else:
                where = "nothing to keep"
            affected.append(Affected("removed", link.old, (), f"{_summary(source)}; {where}"))
        else:
            moved[link.new[0]] = Response()
            affected.append(Affected("added", (), link.new, "new item; unanswered"))
    order = {item.id: n for n, item in enumerate(new.items)}
    responses = dict(sorted(moved.items(), key=lambda kv: order[kv[0]]))
    result = assessment.model_copy(
        update={
            "checklist": assessment.checklist.model_copy(update={"version": new.version}),
            "responses": responses,
            "retired_responses": retired,
        }
    )
    # Re-validate so that a migrated assessment is held to exactly the rules of one loaded from a file.
    return Assessment.model_validate(result.model_dump()), tuple(affected)


def _has_content(response: Response | None) -> bool:
    return response is not None and response != Response()


def _note(previous: str | None, note: str) -> str:
    return f"{note}; earlier: {previous}" if previous else note


def _split_part(source: Response, old_id: str, step: str) -> Response:
    if not _has_content(source):
        return source
    note = f"split from {old_id} in {step}; check that the answer fits this part"
    return source.model_copy(update={"review": True, "review_note": _note(source.review_note, note)})


def _merge(link: Link, given: dict[str, Response], step: str) -> Response | None:
    sources = [(i, given.get(i)) for i in link.old]
    if not any(_has_content(r) for _, r in sources):
        return Response() if any(r is not None for _, r in sources) else None
    statuses = [r.status if r is not None else None for _, r in sources]
    applicable = [s for s in statuses if s is not Status.NOT_APPLICABLE]
    status = min(applicable, key=_RANK.index) if applicable else Status.NOT_APPLICABLE
    evidence: list[Evidence] = []
    for _, r in sources:
        for e in r.evidence if r is not None else []:
            if e not in evidence:
                evidence.append(e)
    listed = ", ".join(f"{i} ({_status_label(r)})" for i, r in sources)
    note = f"merged from {listed} in {step}; the lowest status was kept"
    earlier = [f"{i}: {r.review_note}" for i, r in sources if r is not None and r.review_note]
    return Response(
        status=status,
        evidence=evidence,
        notes=_joined((i, r.notes) for i, r in sources if r is not None),
        justification=_joined((i, r.justification) for i, r in sources if r is not None),
        review=True,
        review_note=_note("; ".join(earlier) or None, note),
    )


def _joined(parts: Iterable[tuple[str, str | None]]) -> str | None:
    """Texts of several merged items, each prefixed with the id it came from."""
    texts = [f"{item_id}: {text}" for item_id, text in parts if text]
    return "\n\n".join(texts) or None


def _retired_key(old_id: str, version: str, retired: dict[str, RetiredResponse]) -> str:
    """The old id; should an id ever be reused and retired twice, the version tells the answers apart."""
    if old_id not in retired:
        return old_id
    return f"{old_id}.{re.sub(r'[^a-z0-9._-]', '-', version.lower())}"


def _status_label(response: Response | None) -> str:
    return response.status.value if response is not None and response.status is not None else "unanswered"


def _summary(response: Response | None) -> str:
    status = _status_label(response)
    count = len(response.evidence) if response is not None else 0
    return f"{status}, {count} evidence" if count else status


def _content_changes(before: Item, after: Item) -> str:
    changes = []
    if " ".join(before.text.split()) != " ".join(after.text.split()):
        changes.append("reworded")
    if before.tier != after.tier:
        changes.append(f"tier {before.tier} -> {after.tier}")
    if before.weight != after.weight:
        changes.append(f"weight {before.weight:g} -> {after.weight:g}")
    if before.norm != after.norm:
        changes.append(f"norm ({before.norm}) -> ({after.norm})")
    return ", ".join(changes)


@dataclass(frozen=True, slots=True)
class NormImpact:
    norm: str
    stage_before: str
    stage_after: str
    index_before: str
    index_after: str

    @property
    def changed(self) -> bool:
        return (self.stage_before, self.index_before) != (self.stage_after, self.index_after)


def norm_impact(before: Scorecard, after: Scorecard) -> list[NormImpact]:
    """Stage and index of each norm before and after, plus the overall result under the key 'overall'."""
    old = {n.id: n for n in before.norms}
    new = {n.id: n for n in after.norms}
    rows = []
    for norm in [*old, *(n for n in new if n not in old)]:
        b, a = old.get(norm), new.get(norm)
        rows.append(
            NormImpact(
                f"({norm})",
                stage_label(b.stage, b.stage_name) if b else "-",
                stage_label(a.stage, a.stage_name) if a else "-",
                index_label(b.index) if b else "-",
                index_label(a.index) if a else "-",
            )
        )
    o, n = before.overall, after.overall
    rows.append(
        NormImpact(
            "overall", stage_label(o.stage, o.stage_name), stage_label(n.stage, n.stage_name),
            index_label(o.index), index_label(n.index),
        )
    )
    return rows


def render_plan(source: str, target: str, migrated: Migrated, impact: Sequence[NormImpact]) -> str:
    """The dry-run report for one assessment: every item affected, then each norm's stage and index."""
    lines = [f"{source} -> {target}"]
    for step in migrated.steps:
        lines.append(f"  {step.from_version} -> {step.to_version}: {len(step.affected)} item(s) affected")
        width = max((len(_ids(a)) for a in step.affected), default=0)
        for a in step.affected:
            lines.append(f"    {a.change:<8} {_ids(a):<{width}}  {a.detail}")
    lines.append("  Norm     Stage                                Index (* marks a change)")
    for row in impact:
        stage = row.stage_before if row.stage_before == row.stage_after else f"{row.stage_before} -> {row.stage_after}"
        index = row.index_before if row.index_before == row.index_after else f"{row.index_before} -> {row.index_after}"
        mark = "*" if row.changed else " "
        lines.append(f"  {mark}{row.norm:<8}{stage:<37}{index}")
    return "\n".join(lines) + "\n"


def _ids(affected: Affected) -> str:
    if not affected.new:
        return ", ".join(affected.old)
    if not affected.old or affected.old == affected.new:
        return ", ".join(affected.new)
    return f"{', '.join(affected.old)} -> {', '.join(affected.new)}"


@dataclass(frozen=True, slots=True)
class Plan:
    """What `normcheck migrate` would do with one file: the report to print and the text to write."""

    source: Path
    target: Path | None
    report: str
    text: str | None


def plan_migrations(
    paths: Sequence[Path],
    target: Checklist,
    catalog: Catalog,
    today: dt.date,
    model_id: str,
    output_dir: Path | None,
) -> list[Plan]:
    """Load, check and migrate every assessment in memory; raise InputError with every problem, write nothing."""
    problems: list[Issue] = []
    plans: list[Plan] = []
    destinations: dict[Path, Path] = {}
    norms = catalog.norm_sets[target.norms].value

    def lookup(version: str) -> Checklist | None:
        found = catalog.checklists.get((target.id, version))
        return found.value if found is not None else None

    for path in paths:
        try:
            subject = load_subject(path, catalog, today, model_id)
        except InputError as exc:
            problems.extend(exc.issues)
            continue
        answered = subject.checklist
        if answered.id != target.id:
            problems.append(_at_checklist(path, ("checklist", "id"), f"this assessment answers {answered.id!r}, "
                                          f"but --to is a version of {target.id!r}"))
            continue
        if answered.version == target.version:
            plans.append(Plan(path, None, f"{path}: already answers {target.id} {target.version}; skipped\n", None))
            continue
        try:
            chain = version_chain(target, answered.version, lookup)
        except ChainError as exc:
            problems.append(_at_checklist(path, ("checklist", "version"), f"cannot migrate: {exc}"))
            continue
        out = (output_dir / path.name) if output_dir else path.with_name(f"{path.stem}-{target.version}{path.suffix}")
        if out.resolve() == path.resolve():
            problems.append(Issue(str(path), 1, 1, "", f"the migrated file would replace this one ({out}); "
                                  "choose another -o folder - the original is never changed"))
            continue
        if out.resolve() in destinations:
            problems.append(Issue(str(path), 1, 1, "", f"{destinations[out.resolve()]} would also be written to "
                                  f"{out}; migrate them into different folders"))
            continue
        destinations[out.resolve()] = path
        migrated = migrate(subject.assessment, chain)
        after = score(migrated.assessment, target, norms, subject.model)
        report = render_plan(str(path), str(out), migrated, norm_impact(subject.score(), after))
        comments = [
            f"Migrated by normcheck on {today.isoformat()} from {path.name}: {target.id} "
            f"{' -> '.join(c.version for c in chain)}. The original file is unchanged.",
            "Answers marked 'review: true' were copied from a split item or combined from merged items; check each,",
            "then remove the mark. Comments in the original file are not carried over.",
        ]
        text = assessment_yaml(migrated.assessment, target, norms, comments=comments, schema=schema_ref(out))
        plans.append(Plan(path, out, report, text))
    if problems:
        raise InputError(sort_issues(problems))
    return plans


def _at_checklist(path: Path, loc: tuple[str, ...], message: str) -> Issue:
    return yamlio.load(path).issue(loc, message)
