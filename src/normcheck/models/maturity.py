"""normcheck's maturity model: stages, answer statuses and their credit, and the evidence rule."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from normcheck.models.base import Identifier, StrictModel, Text, Version

ScoredStatus = Literal["not_started", "planned", "partial", "largely", "full"]
SCORED_STATUSES: tuple[ScoredStatus, ...] = ("not_started", "planned", "partial", "largely", "full")


class Stage(StrictModel):
    level: Annotated[int, Field(ge=0, le=5, description="Stage number, 0 to 5.")]
    name: Text = Field(description="Stage name shown in reports, e.g. 'Established'.")
    description: Text = Field(description="What a norm at this stage looks like.")


class StatusDefinition(StrictModel):
    label: Text = Field(description="How the status is shown to people.")
    credit: Annotated[float, Field(ge=0, le=1, description="Credit toward the norm index, 0 to 1.")]
    description: Text = Field(description="When to choose this status.")


class Statuses(StrictModel):
    """Every scored status must be defined; not_applicable is never scored, so it has no credit."""

    not_started: StatusDefinition = Field(description="Nothing done yet.")
    planned: StatusDefinition = Field(description="Decided and planned, not yet begun.")
    partial: StatusDefinition = Field(description="Begun, with a substantial part still missing.")
    largely: StatusDefinition = Field(description="Mostly in place, minor gaps.")
    full: StatusDefinition = Field(description="Fully in place.")

    def get(self, status: ScoredStatus) -> StatusDefinition:
        definition: StatusDefinition = getattr(self, status)
        return definition


class EvidenceRule(StrictModel):
    requires_evidence: list[ScoredStatus] = Field(
        description="Statuses that must cite at least one piece of evidence to count as claimed."
    )
    otherwise: ScoredStatus = Field(description="The status such a response counts as when it cites none.")
    description: Text = Field(description="The rule in words, printed in reports.")


class MaturityModel(StrictModel):
    """The model that turns answers into stages; normcheck's own design, named as such in reports."""

    kind: Literal["maturity_model"] = Field(description="Always 'maturity_model' for this kind of file.")
    id: Identifier = Field(description="Identifier of the model.")
    version: Version = Field(description="Version of the model.")
    name: Text = Field(description="Name printed in reports.")
    description: Text = Field(description="What the model is and who designed it.")
    rule: Text = Field(description="The stage rule in words, printed in reports.")
    stages: list[Stage] = Field(min_length=6, max_length=6, description="Stages 0 to 5, in order.")
    statuses: Statuses = Field(description="Label, credit and meaning of each scored status.")
    met: list[ScoredStatus] = Field(min_length=1, description="Statuses that count as meeting an item.")
    evidence_rule: EvidenceRule = Field(description="What happens to claims made without evidence.")

    def stage_name(self, level: int | None) -> str | None:
        if level is None:
            return None
        return next((s.name for s in self.stages if s.level == level), str(level))
