"""Pair an assessment with the checklist, norms and maturity model it is scored against."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from normcheck import yamlio
from normcheck.catalog import DEFAULT_MODEL, Catalog
from normcheck.errors import InputError, Issue
from normcheck.loading import issues_from_validation
from normcheck.models.assessment import Assessment
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import Scorecard
from normcheck.scoring import score
from normcheck.validate import (
    check_assessment_dates,
    check_assessment_items,
    check_assessors,
    check_narrative_norms,
    check_review_marks,
)


@dataclass(frozen=True, slots=True)
class Subject:
    """Everything needed to score one assessment file."""

    path: Path
    assessment: Assessment
    checklist: Checklist
    norms: NormSet
    model: MaturityModel
    warnings: tuple[Issue, ...]

    def score(self) -> Scorecard:
        return score(self.assessment, self.checklist, self.norms, self.model, [str(w) for w in self.warnings])


def load_subject(path: Path, catalog: Catalog, today: dt.date, model_id: str = DEFAULT_MODEL, *,
                 doc: yamlio.Document | None = None) -> Subject:
    """Load and check an assessment; raise InputError with every error in it, schema and cross-file alike.
    `doc` is the file already read with `partial=True`, by a caller that looked at it first."""
    doc = doc if doc is not None else yamlio.load(path, partial=True)
    if not isinstance(doc.data, dict) or doc.data.get("kind") != "assessment":
        found = doc.data.get("kind") if isinstance(doc.data, dict) else None
        what = f"a file of kind {found!r}" if found else "not an assessment (no 'kind: assessment')"
        raise InputError([*doc.problems, doc.issue(("kind",), f"expected an assessment, found {what}")])
    issues: list[Issue] = list(doc.problems)  # values the reader refused: errors, reported with the rest
    checklist = _find_checklist(doc, catalog, issues)
    if checklist is not None:
        issues.extend(check_assessment_items(doc, checklist))
    assessment = None
    try:
        assessment = Assessment.model_validate(doc.data)
    except ValidationError as exc:
        issues.extend(issues_from_validation(doc, Assessment, exc))
    if assessment is not None:
        end = assessment.period.end if assessment.period else None
        issues.extend(check_assessment_dates(doc, assessment.date, end, today))
        issues.extend(check_assessors(doc, len(assessment.assessors)))
        issues.extend(check_review_marks(doc, assessment))
        if checklist is not None:
            issues.extend(check_narrative_norms(doc, list(assessment.norms), checklist))
    errors = [i for i in issues if i.is_error]
    if errors or assessment is None or checklist is None:
        raise InputError(errors or issues)
    norms = catalog.norm_sets[checklist.norms].value
    return Subject(
        path,
        assessment,
        checklist,
        norms,
        catalog.model(model_id),
        tuple(i for i in issues if not i.is_error),
    )


def _find_checklist(doc: yamlio.Document, catalog: Catalog, issues: list[Issue]) -> Checklist | None:
    ref = doc.data.get("checklist")
    if not isinstance(ref, dict):
        return None  # the schema check reports the missing or malformed reference
    cid, version = ref.get("id"), ref.get("version")
    if not isinstance(cid, str) or not isinstance(version, str):
        return None
    found = catalog.checklists.get((cid, version))
    if found is not None:
        return found.value
    versions = catalog.versions_of(cid)
    if versions:
        issues.append(
            doc.issue(
                ("checklist", "version"),
                f"checklist {cid!r} has no version {version!r} (available: {', '.join(versions)}); "
                "migrate the assessment or add that version with --checklists DIR",
            )
        )
    else:
        ids = sorted({i for i, _ in catalog.checklists})
        close = difflib.get_close_matches(cid, ids, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(ids) or 'none'})"
        issues.append(doc.issue(("checklist", "id"), f"unknown checklist {cid!r}{hint}"))
    return None
