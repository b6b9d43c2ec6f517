"""`normcheck validate`: check any mix of content and assessment files, collecting every issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normcheck import yamlio
from normcheck.catalog import Catalog, yaml_files
from normcheck.errors import InputError, Issue, sort_issues
from normcheck.loading import Loaded, load_any
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import MaturityModel
from normcheck.resolve import load_subject
from normcheck.validate import check_checklist, check_mapping, check_model, check_norm_set


@dataclass
class CheckReport:
    files: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors


def validate_paths(paths: Sequence[Path], catalog: Catalog, today: dt.date) -> CheckReport:
    report = CheckReport()
    files = yaml_files(paths)
    if not files:
        raise InputError.single(", ".join(map(str, paths)) or ".", "no YAML files found here")
    content: list[Loaded[Any]] = []
    for path in files:
        report.files += 1
        try:
            doc = yamlio.load(path, partial=True)  # read once; the loader for its kind reports everything wrong
            if isinstance(doc.data, dict) and doc.data.get("kind") == "assessment":
                report.issues.extend(load_subject(path, catalog, today, doc=doc).warnings)
                continue
            content.append(load_any(path, doc=doc))
        except InputError as exc:
            report.issues.extend(exc.issues)
    report.issues = sort_issues([*report.issues, *check_content(content, catalog)])
    return report


def check_content(content: Sequence[Loaded[Any]], catalog: Catalog) -> list[Issue]:
    """Cross-field and cross-file checks of loaded norms, checklists and models, against each other first."""
    norm_sets = {k: v.value for k, v in catalog.norm_sets.items()}
    norm_sets |= {f.value.id: f.value for f in content if isinstance(f.value, NormSet)}
    issues: list[Issue] = []
    for loaded in content:
        value = loaded.value
        if isinstance(value, NormSet):
            issues.extend(check_norm_set(loaded))
        elif isinstance(value, Checklist):
            issues.extend(check_checklist(loaded, norm_sets))
            old = superseded(value, content, catalog)
            if old is not None:
                issues.extend(check_mapping(loaded, old))
        elif isinstance(value, MaturityModel):
            issues.extend(check_model(loaded))
    return issues


def superseded(checklist: Checklist, content: Sequence[Loaded[Any]], catalog: Catalog) -> Checklist | None:
    """The version `checklist` replaces: among the files being checked first, else in the catalog."""
    if checklist.supersedes is None:
        return None
    for loaded in content:
        value = loaded.value
        if isinstance(value, Checklist) and value.key == (checklist.id, checklist.supersedes.version):
            return value
    return catalog.superseded(checklist)
