"""The norms and the checklists of practical actions that evidence them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from normcheck.models.base import Identifier, Source, StrictModel, Text, Version

NormId = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
NORM_IDS: tuple[str, ...] = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")
TIERS: tuple[int, ...] = (1, 2, 3, 4, 5)
Tier = Annotated[int, Field(ge=1, le=5, description="Maturity stage 1-5 that meeting this item evidences.")]


class Category(StrEnum):
    POLITICAL = "political"
    POLICY = "policy"
    LEGAL = "legal"
    INSTITUTIONAL = "institutional"
    TECHNICAL = "technical"
    COOPERATION = "cooperation"
    CAPACITY_BUILDING = "capacity-building"


class Norm(StrictModel):
    """One norm of A/70/174 para 13, in normcheck's own words."""

    id: NormId = Field(description="The letter of the norm in A/70/174 para 13, 'a' to 'k'.")
    title: Text = Field(description="A short title in our own words.")
    summary: Text = Field(description="One paragraph paraphrasing what the norm asks of a State.")
    source: Source = Field(description="Citation of the norm, e.g. A/70/174 para 13(a).")


class NormSet(StrictModel):
    """The norms a checklist's items refer to, defined once."""

    kind: Literal["norms"] = Field(description="Always 'norms' for this kind of file.")
    id: Identifier = Field(description="Identifier checklists use to refer to this set of norms.")
    version: Version = Field(description="Version of this file.")
    title: Text = Field(description="Title of the set of norms.")
    source: Source = Field(description="The document that sets out these norms.")
    norms: list[Norm] = Field(min_length=1, description="The norms, each with a unique letter.")

    def by_id(self) -> dict[str, Norm]:
        return {n.id: n for n in self.norms}


class Item(StrictModel):
    """One practical action; meeting it evidences the tier it sits at."""

    id: Identifier = Field(description="Stable identifier; answers are keyed by it, so never reuse one.")
    norm: NormId = Field(description="Letter of the norm this action implements.")
    tier: Tier
    category: Category = Field(description="The kind of measure this action is.")
    text: Text = Field(description="The action, in the imperative.")
    guidance: Text = Field(description="What evidence shows the action is done.")
    weight: float = Field(default=1.0, gt=0, le=100, description="Relative weight in the norm index.")
    source: Source = Field(description="Where the action comes from.")


class Checklist(StrictModel):
    """A versioned list of practical actions for a set of norms."""

    kind: Literal["checklist"] = Field(description="Always 'checklist' for this kind of file.")
    id: Identifier = Field(description="Identifier assessments use to name this checklist.")
    version: Version = Field(description="Version; assessments name the exact version they answer.")
    title: Text = Field(description="Title shown in reports.")
    description: Text = Field(description="What the checklist is and where it comes from.")
    edition_note: Text | None = Field(
        default=None, description="Status of this edition (e.g. a working edition, not the official text)."
    )
    norms: Identifier = Field(description="Identifier of the set of norms the items refer to.")
    id_pattern: str | None = Field(
        default=None,
        description="Regular expression every item id must match, e.g. '^asean-[a-k]-[0-9]{2}$'.",
    )
    source: Source = Field(description="The publication this checklist is based on.")
    items: list[Item] = Field(min_length=1, description="The practical actions.")

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def items_of(self, norm: str) -> list[Item]:
        return [i for i in self.items if i.norm == norm]

    def norm_ids(self) -> list[str]:
        present = {i.norm for i in self.items}
        return [n for n in NORM_IDS if n in present]
