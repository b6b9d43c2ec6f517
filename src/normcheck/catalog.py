"""Find the norms, checklists and maturity models: the shipped ones, overridden by a facilitator's folder."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from normcheck.errors import InputError, Issue
from normcheck.loading import Loaded, load_any, load_as
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import MaturityModel
from normcheck.validate import check_checklist, check_mapping, check_model, check_norm_set

DEFAULT_MODEL = "normcheck-maturity"
YAML_SUFFIXES = (".yaml", ".yml")


def packaged_dir(name: str) -> Path:
    """A data folder shipped in the wheel, or the repository's own folder when running from a checkout."""
    packaged = resources.files("normcheck") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


def builtin_dir() -> Path:
    return packaged_dir("checklists")


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively) into their YAML files, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


@dataclass
class Catalog:
    norm_sets: dict[str, Loaded[NormSet]] = field(default_factory=dict)
    checklists: dict[tuple[str, str], Loaded[Checklist]] = field(default_factory=dict)
    models: dict[str, Loaded[MaturityModel]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)

    @classmethod
    def discover(cls, local_dirs: Sequence[Path] = ()) -> Catalog:
        """Load the built-in content, then each local folder; a later file with the same id and version wins."""
        catalog = cls()
        issues: list[Issue] = []
        builtin = builtin_dir().resolve()
        sources = [(builtin, "built-in")] + [(d, "local") for d in local_dirs if d.resolve() != builtin]
        for folder, origin in sources:
            for path in yaml_files([folder]):
                try:
                    loaded = load_any(path)
                except InputError as exc:
                    issues.extend(exc.issues)
                    continue
                catalog.add(loaded, origin)
        issues.extend(catalog.check())
        errors = [i for i in issues if i.is_error]
        if errors:
            raise InputError(errors)
        catalog.warnings = [i for i in issues if not i.is_error]
        return catalog

    def add(self, loaded: Loaded[Any], origin: str) -> None:
        value = loaded.value
        if isinstance(value, NormSet):
            self.norm_sets[value.id] = loaded
        elif isinstance(value, Checklist):
            self.checklists[value.key] = loaded
        elif isinstance(value, MaturityModel):
            self.models[value.id] = loaded
        else:
            return  # assessments kept beside checklists are not content
        self.origin[loaded.path] = origin

    def check(self) -> list[Issue]:
        norm_sets = {k: v.value for k, v in self.norm_sets.items()}
        issues: list[Issue] = []
        for ns in self.norm_sets.values():
            issues.extend(check_norm_set(ns))
        for cl in self.checklists.values():
            issues.extend(check_checklist(cl, norm_sets))
            superseded = self.superseded(cl.value)
            if superseded is not None:
                issues.extend(check_mapping(cl, superseded))
        for model in self.models.values():
            issues.extend(check_model(model))
        return issues

    def model(self, model_id: str = DEFAULT_MODEL) -> MaturityModel:
        found = self.models.get(model_id)
        if found is None:
            from normcheck.errors import UsageError

            known = ", ".join(sorted(self.models)) or "none"
            raise UsageError(f"no maturity model {model_id!r} found (known: {known})")
        return found.value

    def load_checklist_file(self, path: Path, against: Checklist | None = None) -> Loaded[Checklist]:
        """A checklist file checked as the catalog checks its own, its mapping against `against` or the
        version it supersedes when that is known; raise InputError listing every error."""
        loaded = load_as(path, Checklist)
        issues = check_checklist(loaded, {k: v.value for k, v in self.norm_sets.items()})
        old = against if against is not None else self.superseded(loaded.value)
        if old is not None:
            issues.extend(check_mapping(loaded, old))
        errors = [i for i in issues if i.is_error]
        if errors:
            raise InputError(errors)
        return loaded

    def superseded(self, checklist: Checklist) -> Checklist | None:
        """The version `checklist` declares it replaces, when that version is known."""
        if checklist.supersedes is None:
            return None
        found = self.checklists.get((checklist.id, checklist.supersedes.version))
        return found.value if found is not None else None

    def versions_of(self, checklist_id: str) -> list[str]:
        """Known versions, oldest first: '2024.9' before '2024.10'."""
        return sorted((v for (i, v) in self.checklists if i == checklist_id), key=version_order)

    def latest(self, checklist_id: str) -> Loaded[Checklist] | None:
        """The newest version: one no other known version supersedes, the highest if several are unlinked."""
        versions = self.versions_of(checklist_id)
        replaced = {
            s.version for v in versions if (s := self.checklists[(checklist_id, v)].value.supersedes) is not None
        }
        current = [v for v in versions if v not in replaced] or versions
        return self.checklists[(checklist_id, current[-1])] if current else None


def version_order(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing the numbers in a version label as numbers, so 2024.10 comes after 2024.9."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", version))
