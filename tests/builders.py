"""Small in-memory checklists, models and assessments for tests, built from the shipped model file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from normcheck.loading import load_as
from normcheck.models.assessment import Assessment
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import MaturityModel

REPO = Path(__file__).resolve().parents[1]


def shipped_model() -> MaturityModel:
    return load_as(REPO / "checklists" / "maturity-model.yaml", MaturityModel).value


def norm_set(letters: str = "ab") -> NormSet:
    return NormSet.model_validate(
        {
            "kind": "norms",
            "id": "test-norms",
            "version": "1",
            "title": "Test norms",
            "source": {"document": "A/70/174"},
            "norms": [
                {"id": n, "title": f"Norm {n}", "summary": "Summary.", "source": {"document": "A/70/174"}}
                for n in letters
            ],
        }
    )


def item(item_id: str, norm: str, tier: int, weight: float = 1.0, category: str = "policy") -> dict[str, Any]:
    return {
        "id": item_id,
        "norm": norm,
        "tier": tier,
        "category": category,
        "text": f"Do {item_id}.",
        "guidance": "A document.",
        "weight": weight,
        "source": {"document": "A/76/135"},
    }


def checklist(items: list[dict[str, Any]]) -> Checklist:
    return Checklist.model_validate(
        {
            "kind": "checklist",
            "id": "test",
            "version": "1",
            "title": "Test checklist",
            "description": "For tests.",
            "norms": "test-norms",
            "source": {"document": "tests"},
            "items": items,
        }
    )


def five_tiers(norm: str, per_tier: int = 1) -> list[dict[str, Any]]:
    return [item(f"{norm}{tier}{n}", norm, tier) for tier in range(1, 6) for n in range(per_tier)]


EVIDENCE = [{"title": "Act", "reference": "Gazette 1/2024", "type": "legislation"}]


def answer(status: str | None, *, evidence: bool = True, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"status": status, **extra}
    if evidence:
        out["evidence"] = EVIDENCE
    return out


def assessment(responses: dict[str, dict[str, Any]], **fields: Any) -> Assessment:
    data = {
        "kind": "assessment",
        "checklist": {"id": "test", "version": "1"},
        "country": "THA",
        "date": dt.date(2025, 6, 30),
        "perspective": "government",
        "assessors": [{"name": "Team"}],
        "illustrative": True,
        "responses": responses,
        **fields,
    }
    return Assessment.model_validate(data)
