"""A blank assessment for a checklist: every item listed, its text and tier as comments, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import SCORED_STATUSES
from normcheck.serialise import DEFAULT_SCHEMA_REF, one_line


def blank_assessment(
    checklist: Checklist, norms: NormSet, country: str, today: dt.date, *, schema: str = DEFAULT_SCHEMA_REF
) -> str:
    """`schema` is the JSON Schema reference for the editor, as `serialise.schema_ref` works it out for the output."""
    statuses = ", ".join([*SCORED_STATUSES, "not_applicable"])
    titles = {n.id: n.title for n in norms.norms}
    out = [
        f"# yaml-language-server: $schema={schema}",
        f"# Self-assessment against {one_line(checklist.title)}, version {checklist.version}.",
        f"# For each item set status to one of: {statuses}.",
        "# Leave status empty for items not yet answered. not_applicable needs a justification.",
        "# Largely or full without evidence counts as partial: cite evidence (title, url or reference).",
        "kind: assessment",
        "checklist:",
        f"  id: {checklist.id}",
        f"  version: {_q(checklist.version)}",
        f"country: {country}",
        f"date: {today.isoformat()}",
        "perspective: government",
        "assessors: []  # e.g. - {name: National Cyber Agency, role: lead}",
        "illustrative: false",
        "responses:",
    ]
    current_norm = None
    for item in checklist.items:
        if item.norm != current_norm:
            current_norm = item.norm
            out.append(f"  # --- Norm ({item.norm}) {one_line(titles.get(item.norm, ''))}")
        out.append(
            f"  # [tier {item.tier}, {item.category.value}] "
            + "\n  #   ".join(textwrap.wrap(" ".join(item.text.split()), 92))
        )
        out.extend([f"  {item.id}:", "    status:", "    evidence: []"])
    out.append("norms:")
    for norm_id in checklist.norm_ids():
        out.extend([f"  {norm_id}:", "    measures_taken:", "    challenges:", "    assistance_needed:"])
    return "\n".join(out) + "\n"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
