"""`normcheck checklist lint`: the author's checks on checklists and norms files, beyond what the schema says."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from normcheck.catalog import Catalog, yaml_files
from normcheck.checking import CheckReport, check_content, superseded
from normcheck.errors import InputError, Issue, Severity, sort_issues
from normcheck.i18n import SOURCE_LANGUAGE
from normcheck.loading import Loaded, load_any
from normcheck.models.checklist import Checklist, NormSet
from normcheck.yamlio import Document

WARNING = Severity.WARNING
_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b|lorem ipsum", re.IGNORECASE)


def lint_paths(paths: Sequence[Path], catalog: Catalog) -> CheckReport:
    """Schema, cross-field and authoring checks of every checklist and norms file under `paths`."""
    report = CheckReport()
    files = yaml_files(paths)
    if not files:
        raise InputError.single(", ".join(map(str, paths)) or ".", "no YAML files found here")
    loaded_files: list[Loaded[Any]] = []
    for path in files:
        report.files += 1
        try:
            loaded = load_any(path)
        except InputError as exc:
            report.issues.extend(exc.issues)
            continue
        if loaded.doc.data.get("kind") == "assessment":
            report.issues.append(
                loaded.doc.issue(("kind",), "lint checks checklists and norms files; check assessments with "
                                 "`normcheck validate`")
            )
            continue
        loaded_files.append(loaded)
    report.issues.extend(check_content(loaded_files, catalog))
    norm_sets = {k: v.value for k, v in catalog.norm_sets.items()}
    norm_sets |= {f.value.id: f.value for f in loaded_files if isinstance(f.value, NormSet)}
    for loaded in loaded_files:
        value = loaded.value
        if isinstance(value, Checklist):
            report.issues.extend(lint_checklist(loaded, norm_sets.get(value.norms)))
            if value.supersedes is not None and superseded(value, loaded_files, catalog) is None:
                report.issues.append(loaded.doc.issue(
                    ("supersedes", "version"),
                    f"{value.id} {value.supersedes.version} was not found, so the mapping could not be checked "
                    "against it; lint its file too, or pass --checklists DIR",
                    severity=WARNING,
                ))
        elif isinstance(value, NormSet):
            report.issues.extend(lint_norm_set(loaded))
    report.issues = sort_issues(report.issues)
    return report


def lint_checklist(loaded: Loaded[Checklist], norm_set: NormSet | None) -> list[Issue]:
    checklist, doc = loaded.value, loaded.doc
    issues: list[Issue] = []
    if checklist.id_pattern is None:
        issues.append(
            doc.issue(("id",), "no id_pattern is declared; add one (e.g. '^asean-[a-k]-[0-9]{2}$') so mistyped "
                      "item ids are caught", severity=WARNING)
        )
    if norm_set is not None:
        covered = set(checklist.norm_ids())
        missing = [n.id for n in norm_set.norms if n.id not in covered]
        if missing and covered:
            listed = ", ".join(f"({n})" for n in missing)
            issues.append(
                doc.issue(("norms",), f"no items for norm {listed} of {norm_set.id}; those norms will not be rated",
                          severity=WARNING)
            )
    issues.extend(_duplicate_texts(checklist, doc))
    for index, item in enumerate(checklist.items):
        at = ("items", index)
        if _words(item.guidance) == _words(item.text):
            issues.append(doc.issue((*at, "guidance"), "the guidance repeats the text; say what evidence shows "
                                    "the action is done", severity=WARNING))
        for name, text in (("text", item.text), ("guidance", item.guidance), ("source", item.source.document)):
            if _PLACEHOLDER.search(text):
                issues.append(doc.issue((*at, name), f"looks like a placeholder ({text[:40]!r}); write the real "
                                        "content before the checklist is used", severity=WARNING))
        if item.source.locator is None:
            issues.append(doc.issue((*at, "source"), "the source has no locator; give the paragraph or section so "
                                    "readers can check it", severity=WARNING))
    issues.extend(_locales(doc, checklist.locales))
    issues.extend(_complete(doc, checklist.locales, (), checklist.translations, ("title", "description"), "checklist"))
    for index, item in enumerate(checklist.items):
        issues.extend(
            _complete(doc, checklist.locales, ("items", index), item.translations, ("text", "guidance"),
                      f"item {item.id}")
        )
    return issues


def lint_norm_set(loaded: Loaded[NormSet]) -> list[Issue]:
    norm_set, doc = loaded.value, loaded.doc
    issues = _locales(doc, norm_set.locales)
    for index, norm in enumerate(norm_set.norms):
        issues.extend(
            _complete(doc, norm_set.locales, ("norms", index), norm.translations, ("title", "summary"),
                      f"norm ({norm.id})")
        )
    return issues


def _words(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _duplicate_texts(checklist: Checklist, doc: Document) -> list[Issue]:
    first: dict[str, int] = {}
    issues = []
    for index, item in enumerate(checklist.items):
        key = _words(item.text)
        if key in first:
            other = checklist.items[first[key]]
            issues.append(
                doc.issue(("items", index, "text"), f"the same text as items[{first[key]}] ({other.id}); two items "
                          "must not ask for the same action - reword one or remove it")
            )
        first.setdefault(key, index)
    return issues


def _locales(doc: Document, locales: Sequence[str]) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for index, locale in enumerate(locales):
        if locale in seen:
            issues.append(doc.issue(("locales", index), f"{locale!r} is listed twice", severity=WARNING))
        if locale == "en":
            issues.append(doc.issue(("locales", index), "'en' is the language the file is written in; list only "
                                    "the translations", severity=WARNING))
        seen.add(locale)
    return issues


def _complete(
    doc: Document,
    locales: Iterable[str],
    at: tuple[str | int, ...],
    translations: Mapping[str, Any],
    fields: tuple[str, ...],
    what: str,
) -> list[Issue]:
    """Every declared locale has every field; a translation for an undeclared locale is probably a typo."""
    declared = list(dict.fromkeys(locales))
    issues = []
    for locale in declared:
        if locale == SOURCE_LANGUAGE:
            continue
        found = translations.get(locale)
        missing = [f for f in fields if found is None or getattr(found, f) is None]
        if missing:
            if found is not None:
                loc: tuple[str | int, ...] = (*at, "translations", locale)
            elif "translations" in _keys(doc, at):
                loc = (*at, "translations")
            else:
                loc = at or ("locales",)
            issues.append(
                doc.issue(loc, f"no {locale!r} translation of the {what} {' and '.join(missing)}; the file "
                          f"declares {locale!r} under locales, so it should be complete", key=True, severity=WARNING)
            )
    for locale in translations:
        if locale not in declared:
            issues.append(
                doc.issue((*at, "translations", locale), f"a translation into {locale!r}, which is not listed under "
                          "locales; add it there so lint checks it is complete", key=True, severity=WARNING)
            )
    return issues


def _keys(doc: Document, at: tuple[str | int, ...]) -> set[Any]:
    node: Any = doc.data
    for part in at:
        node = node[part]
    return set(node) if isinstance(node, dict) else set()

