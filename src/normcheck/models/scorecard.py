"""The result of scoring one assessment: what the CLI prints and reports display."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def computed(cls, **values: Any) -> Self:
        """An instance from values the scoring engine computed from validated input, every field given.

        Scoring builds about 170 of these per assessment; validating them again costs more than the rest of
        scoring together, and `model_construct` (which fills defaults) is slower still. This sets what
        `model_construct` sets; a test checks every shipped scorecard equals its own validated copy.
        """
        obj = cls.__new__(cls)
        _set(obj, "__dict__", values)
        _set(obj, "__pydantic_fields_set__", set(values))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj


_set = object.__setattr__


class Ref(OutputModel):
    id: str = Field(description="Identifier.")
    version: str = Field(description="Version.")
    name: str = Field(description="Human-readable title or name.")


class ItemResult(OutputModel):
    id: str = Field(description="Item id.")
    norm: str = Field(description="Norm letter.")
    tier: int = Field(description="Tier the item evidences.")
    category: str = Field(description="Category of the action.")
    weight: float = Field(description="Weight in the norm index.")
    text: str = Field(description="The action.")
    status: str = Field(description="Status as answered, or 'unanswered'.")
    counted_as: str | None = Field(description="Status after the evidence rule; null when not applicable.")
    credit: float | None = Field(description="Credit 0-1; null when not applicable.")
    met: bool = Field(description="Whether the item counts as met.")
    unevidenced: bool = Field(description="Claimed largely/full without evidence, so downgraded.")

    @property
    def applicable(self) -> bool:
        return self.credit is not None


class TierResult(OutputModel):
    tier: int = Field(description="Tier 1-5.")
    holds: bool = Field(description="Every applicable item of the tier is met.")
    met: int = Field(description="Applicable items met.")
    applicable: int = Field(description="Applicable items.")


class Blocker(OutputModel):
    id: str = Field(description="Item id.")
    tier: int = Field(description="Tier of the item (the next stage).")
    text: str = Field(description="The action still to complete.")
    status: str = Field(description="Status as answered, or 'unanswered'.")
    counted_as: str = Field(description="Status after the evidence rule.")
    gain: float = Field(description="Norm index points gained by meeting the item fully.")


class NormScore(OutputModel):
    id: str = Field(description="Norm letter.")
    title: str = Field(description="Short title of the norm.")
    stage: int | None = Field(description="Stage 0-5; null when every item is not applicable.")
    stage_name: str | None = Field(description="Name of the stage.")
    index: float | None = Field(description="Weighted credit 0-100, one decimal; null when not rated.")
    met: int = Field(description="Applicable items met.")
    applicable: int = Field(description="Applicable items.")
    items: int = Field(description="All items of the norm.")
    tiers: list[TierResult] = Field(description="Which tiers hold.")
    blockers: list[Blocker] = Field(description="Unmet items of the next tier, most index gain first.")
    unevidenced: list[str] = Field(description="Items claimed largely/full without evidence.")


class Overall(OutputModel):
    stage: int | None = Field(description="Lower median of the rated norm stages.")
    stage_name: str | None = Field(description="Name of that stage.")
    index: float | None = Field(description="Mean of the rated norm indices, one decimal.")
    weakest: list[str] = Field(description="Norms at the lowest stage.")
    coverage: float = Field(description="Share of items with a response (not_applicable counts), 0-1.")
    rated: int = Field(description="Norms with a stage.")
    unevidenced: int = Field(description="Count of claims made without evidence.")


class Scorecard(OutputModel):
    country: str = Field(description="ISO 3166-1 alpha-3 code.")
    country_name: str = Field(description="English short name.")
    date: dt.date = Field(description="Date of the assessment.")
    perspective: str = Field(description="Whose view the assessment records.")
    illustrative: bool = Field(description="Example data, not an official self-assessment.")
    checklist: Ref = Field(description="Checklist answered.")
    model: Ref = Field(description="Maturity model applied.")
    overall: Overall = Field(description="Country-level result.")
    norms: list[NormScore] = Field(description="Result per norm, in norm order.")
    items: list[ItemResult] = Field(description="Result per item, in checklist order.")
    warnings: list[str] = Field(description="Warnings found while reading the inputs.")
