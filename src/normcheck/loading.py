"""Read a YAML file into the model for its kind, or raise InputError listing every problem found."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from normcheck import yamlio
from normcheck.errors import InputError, Issue
from normcheck.models.assessment import Assessment
from normcheck.models.base import LOCALE_PATTERN
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import MaturityModel

Content = NormSet | Checklist | MaturityModel | Assessment
KINDS: dict[str, type[BaseModel]] = {
    "norms": NormSet,
    "checklist": Checklist,
    "maturity_model": MaturityModel,
    "assessment": Assessment,
}
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Loaded(Generic[M]):
    """A validated model with the document it came from, for positions in later cross-file checks."""

    value: M
    doc: yamlio.Document

    @property
    def path(self) -> str:
        return self.doc.path


def load_any(path: Path, *, doc: yamlio.Document | None = None) -> Loaded[Any]:
    """Load a file of any kind; the kind is read from its `kind` key. `doc` is the file already read with
    `partial=True`, by a caller that looked at it first."""
    doc = doc if doc is not None else yamlio.load(path, partial=True)
    return Loaded(_validate(doc, _model_for(doc)), doc)


def load_as(path: Path, model: type[M]) -> Loaded[M]:
    doc = yamlio.load(path, partial=True)
    expected = next(k for k, m in KINDS.items() if m is model)
    found = _model_for(doc)
    if found is not model:
        raise InputError(
            [*doc.problems, doc.issue(("kind",), f"expected a file of kind {expected!r}, found {doc.data['kind']!r}")]
        )
    return Loaded(_validate(doc, model), doc)


def _model_for(doc: yamlio.Document) -> type[BaseModel]:
    problem: str | None = None
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if not isinstance(doc.data, dict):
        problem = "the file must be a YAML mapping with a 'kind' key at the top"
    elif kind is None and not doc.is_damaged(("kind",)):
        problem = f"missing 'kind'; add one of: {', '.join(KINDS)}"
    elif kind is not None and not (isinstance(kind, str) and kind in KINDS):
        problem = f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}{_did_you_mean(str(kind), KINDS)}"
    if problem is not None:
        raise InputError([*doc.problems, doc.issue(("kind",) if kind is not None else (), problem)])
    if kind is None:
        raise InputError(list(doc.problems))
    return KINDS[kind]


def _validate(doc: yamlio.Document, model: type[M]) -> M:
    """The document as `model`; raise InputError with the reader's problems and every schema error."""
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError([*doc.problems, *issues_from_validation(doc, model, exc)]) from None
    if doc.problems:
        raise InputError(list(doc.problems))
    return value


def issues_from_validation(doc: yamlio.Document, model: type[BaseModel], exc: ValidationError) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors(include_url=False):
        loc, on_key = _clean_loc(error["loc"])
        if doc.is_damaged(loc):
            continue  # the reader already reported this value
        if (loc, error["type"]) in seen:
            continue  # a union reports the same problem once per branch
        seen.add((loc, error["type"]))
        message = _message(doc, model, loc, error)
        issues.append(doc.issue(loc, message, key=on_key or error["type"] == "extra_forbidden"))
    return issues


def _clean_loc(raw: tuple[int | str, ...]) -> tuple[tuple[int | str, ...], bool]:
    """Drop pydantic's markers (union branch names, '[key]') so the path matches the YAML."""
    parts: list[int | str] = []
    on_key = False
    for part in raw:
        if part == "[key]":
            on_key = True
            continue
        if isinstance(part, str) and part.endswith("]") and part.startswith(("function-", "nullable[", "union[")):
            continue
        parts.append(part)
    return tuple(parts), on_key


_QUOTE_HINT = "; YAML read the unquoted value {raw!r} as a {kind}; quote it to keep it as text: '{raw}'"


def _message(
    doc: yamlio.Document, model: type[BaseModel], loc: tuple[int | str, ...], error: ErrorDetails
) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required field {loc[-1]!r} is missing; add it" if loc else "required field missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), allowed) if allowed else ""
        listing = f" (allowed here: {', '.join(sorted(allowed))})" if allowed and not hint else ""
        return f"unknown field {loc[-1]!r}{hint}{listing}"
    if kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        got = error.get("input")
        raw = doc.plain_scalar(loc)
        shown = repr(raw) if raw is not None else repr(got)
        hint = _did_you_mean(str(raw if raw is not None else got), expected) if expected else ""
        if isinstance(got, bool) and raw is not None:
            hint += f" (YAML reads an unquoted {raw!r} as true/false)"
        return f"{shown} is not allowed; expected one of: {', '.join(expected)}{hint}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{error.get('input')!r} is not allowed; write true or false"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), found {_kind_of(error.get('input'))}"
    if kind == "list_type":
        return f"expected a list ('- ' lines or [a, b]), found {_kind_of(error.get('input'))}"
    if kind == "string_type" and (raw := doc.plain_scalar(loc)) is not None:
        value = error.get("input")
        what = "true/false value" if isinstance(value, bool) else type(value).__name__
        return "expected text" + _QUOTE_HINT.format(raw=raw, kind=what)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{error.get('input')!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "version", "norms"):
        return f"{error.get('input')!r} is not a valid {loc[-1]}: {_PATTERN_HELP.get(str(loc[-1]), error['msg'])}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LOCALE_PATTERN:
        from normcheck.i18n import locale_hint

        return f"{error.get('input')!r} is not a language tag{locale_hint(str(error.get('input')))}"
    if kind == "string_too_short":
        return "must not be empty"
    bounds = {"less_than_equal": ("at most", "le"), "less_than": ("less than", "lt"),
              "greater_than_equal": ("at least", "ge"), "greater_than": ("greater than", "gt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"{error.get('input')!r} is out of range; it must be {words} {ctx.get(key)}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} entr{'y' if ctx.get('min_length') == 1 else 'ies'}"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} entries"
    if kind == "finite_number":
        return f"{error.get('input')!r} is not allowed; give a finite number (not .nan or .inf)"
    return error["msg"][0].lower() + error["msg"][1:]


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the value {value!r}"


_PATTERN_HELP = {
    "id": "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
    "norms": "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
    "version": "use letters, digits, '.', '_', '+' and '-' (quote it in YAML, e.g. \"1.0\")",
}


def _did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str]:
    """The field names allowed at `loc`, found by walking the model's annotations."""
    current: Any = model
    for part in loc:
        for candidate in _unwrap(current):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(part, str):
                field = next((f for n, f in candidate.model_fields.items() if (f.alias or n) == part), None)
                if field is not None:
                    current = field.annotation
                    break
            origin = typing.get_origin(candidate)
            if origin in (list, dict):
                current = typing.get_args(candidate)[-1]
                break
        else:
            return set()
    return {
        field.alias or name
        for c in _unwrap(current)
        if isinstance(c, type) and issubclass(c, BaseModel)
        for name, field in c.model_fields.items()
    }


def _unwrap(annotation: Any) -> Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _unwrap(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _unwrap(arg)
    else:
        yield annotation
