"""Assessments back to YAML text, in the layout `init` writes: every item with its tier and text as comments."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from normcheck import yamlio
from normcheck.catalog import packaged_dir
from normcheck.models.assessment import Assessment, Response
from normcheck.models.checklist import Checklist, NormSet

DEFAULT_SCHEMA_REF = "../schema/assessment.schema.json"
_SCHEMA_FILE = Path("schema") / "assessment.schema.json"


def schema_ref(output: Path) -> str:
    """The JSON Schema reference for a file written at `output`: relative to the nearest schema/ folder above it
    (a checkout of this repository), else the absolute path of the schema file installed with normcheck."""
    folder = output.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / _SCHEMA_FILE).is_file():
            return Path(os.path.relpath(candidate / _SCHEMA_FILE, folder)).as_posix()
    shipped = packaged_dir(_SCHEMA_FILE.parent.name) / _SCHEMA_FILE.name
    return shipped.as_posix() if shipped.is_file() else DEFAULT_SCHEMA_REF


def assessment_yaml(
    assessment: Assessment,
    checklist: Checklist,
    norms: NormSet,
    *,
    comments: Sequence[str] = (),
    schema: str = DEFAULT_SCHEMA_REF,
) -> str:
    """YAML that loads back to an equal Assessment; comments carry no data, so nothing depends on them."""
    titles = {n.id: n.title for n in norms.norms}
    out = [f"# yaml-language-server: $schema={schema}", *(f"# {one_line(line)}" for line in comments)]
    head = _unenum(
        assessment.model_dump(
            mode="python", include={"kind", "checklist", "country", "date", "period", "perspective", "title"},
            exclude_none=True,
        )
    )
    for key in ("kind", "checklist", "country", "date", "period", "perspective", "title"):
        if key in head:
            out.extend(_block(key, head[key], 0))
    out.extend(_block("assessors", [_plain(a) for a in assessment.assessors], 0))
    out.extend(_block("illustrative", assessment.illustrative, 0))
    out.append("responses:" if assessment.responses else "responses: {}")
    current_norm = None
    listed = set()
    for item in checklist.items:
        response = assessment.responses.get(item.id)
        if response is None:
            continue
        if item.norm != current_norm:
            current_norm = item.norm
            out.append(f"  # --- Norm ({item.norm}) {one_line(titles.get(item.norm, ''))}".rstrip())
        out.append(
            f"  # [tier {item.tier}, {item.category.value}] "
            + "\n  #   ".join(textwrap.wrap(" ".join(item.text.split()), 92))
        )
        out.extend(_response(item.id, response, 2))
        listed.add(item.id)
    for item_id, response in assessment.responses.items():
        if item_id not in listed:
            out.extend(_response(item_id, response, 2))
    out.append("norms:" if assessment.norms else "norms: {}")
    for norm_id, narrative in assessment.norms.items():
        out.append(f"  {norm_id}:")
        for key, value in narrative.model_dump(mode="python").items():
            out.extend(_block(key, value, 4))
    if assessment.retired_responses:
        out.append("# Answers to items that later checklist versions removed: kept for the record, never scored.")
        out.append("retired_responses:")
        for item_id, retired in assessment.retired_responses.items():
            out.append(f"  {item_id}:")
            out.extend(_block("from_version", retired.from_version, 4))
            if retired.text is not None:
                out.extend(_block("text", retired.text, 4))
            out.extend(_block("reason", retired.reason, 4))
            out.extend(_response("response", retired.response, 4))
    return "\n".join(out) + "\n"


def one_line(text: str) -> str:
    """Text for a YAML comment: any line break in it (CR, NEL and U+2028 too) would end the comment early and
    turn the rest of a title into YAML."""
    return " ".join(text.split())


def _response(key: str, response: Response, indent: int) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}{key}:"]
    lines.extend(_block("status", response.status.value if response.status else None, indent + 2))
    lines.extend(_block("evidence", [_plain(e) for e in response.evidence], indent + 2))
    for field in ("notes", "justification", "review", "review_note"):
        value = getattr(response, field)
        if value not in (None, False):
            lines.extend(_block(field, value, indent + 2))
    return lines


def _block(key: str, value: Any, indent: int) -> list[str]:
    """`key: value` at `indent`; an empty value is written as a bare `key:`, as `init` leaves it."""
    pad = " " * indent
    if value is None:
        return [f"{pad}{key}:"]
    if value == []:
        return [f"{pad}{key}: []"]
    return [pad + line for line in yamlio.dump({key: value}).rstrip("\n").split("\n")]


def _plain(model: BaseModel) -> Any:
    return _unenum(model.model_dump(mode="python", exclude_none=True))


def _unenum(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _unenum(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_unenum(v) for v in value]
    return value

