"""The norms and the checklists of practical actions that evidence them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from normcheck.models.base import Identifier, Locale, Source, StrictModel, Text, Version

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


class NormTranslation(StrictModel):
    """A norm's title and summary in one language; what is left out is shown in English."""

    title: Text | None = Field(default=None, description="The short title, translated.")
    summary: Text | None = Field(default=None, description="The summary paragraph, translated.")


class Norm(StrictModel):
    """One norm of A/70/174 para 13, in normcheck's own words."""

    id: NormId = Field(description="The letter of the norm in A/70/174 para 13, 'a' to 'k'.")
    title: Text = Field(description="A short title in our own words.")
    summary: Text = Field(description="One paragraph paraphrasing what the norm asks of a State.")
    source: Source = Field(description="Citation of the norm, e.g. A/70/174 para 13(a).")
    translations: dict[Locale, NormTranslation] = Field(
        default_factory=dict, description="Title and summary in other languages, keyed by language tag."
    )


class NormSet(StrictModel):
    """The norms a checklist's items refer to, defined once."""

    kind: Literal["norms"] = Field(description="Always 'norms' for this kind of file.")
    id: Identifier = Field(description="Identifier checklists use to refer to this set of norms.")
    version: Version = Field(description="Version of this file.")
    title: Text = Field(description="Title of the set of norms.")
    source: Source = Field(description="The document that sets out these norms.")
    locales: list[Locale] = Field(
        default_factory=list,
        description="Languages this file promises complete translations for; `normcheck checklist lint` checks it.",
    )
    norms: list[Norm] = Field(min_length=1, description="The norms, each with a unique letter.")

    def by_id(self) -> dict[str, Norm]:
        return {n.id: n for n in self.norms}


class ItemTranslation(StrictModel):
    """An item's text and guidance in one language; what is left out is shown in English."""

    text: Text | None = Field(default=None, description="The action, translated.")
    guidance: Text | None = Field(default=None, description="The evidence guidance, translated.")


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
    translations: dict[Locale, ItemTranslation] = Field(
        default_factory=dict, description="Text and guidance in other languages, keyed by language tag."
    )


class ChecklistTranslation(StrictModel):
    """A checklist's title and description in one language."""

    title: Text | None = Field(default=None, description="The title, translated.")
    description: Text | None = Field(default=None, description="The description, translated.")


class Renamed(StrictModel):
    from_: Identifier = Field(alias="from", description="The item id in the old version.")
    to: Identifier = Field(description="The item id in this version; answers move to it unchanged.")


class Split(StrictModel):
    from_: Identifier = Field(alias="from", description="The item id in the old version.")
    into: list[Identifier] = Field(
        min_length=2,
        description="The item ids in this version that replace it (it may keep its own id as one of them); "
        "each gets a copy of the answer, marked for review.",
    )


class Merged(StrictModel):
    from_: list[Identifier] = Field(alias="from", min_length=2, description="The item ids in the old version.")
    into: Identifier = Field(
        description="The one item id in this version that replaces them; it takes the lowest status and all "
        "the evidence, marked for review."
    )


class Removed(StrictModel):
    id: Identifier = Field(description="The item id in the old version.")
    reason: Text = Field(description="Why the item was dropped; kept with the old answer.")


ChangeKind = Literal["renamed", "split", "merged", "removed"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("renamed", "split", "merged", "removed")


class Change(StrictModel):
    """One change to the item ids; give exactly one of renamed, split, merged or removed."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    renamed: Renamed | None = Field(default=None, description="An item kept under a new id.")
    split: Split | None = Field(default=None, description="One item replaced by several.")
    merged: Merged | None = Field(default=None, description="Several items replaced by one.")
    removed: Removed | None = Field(default=None, description="An item dropped, with the reason.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Change:
        given = [k for k in CHANGE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            found = f"found {', '.join(given)}" if given else "found none"
            raise ValueError(f"give exactly one of renamed, split, merged or removed in each change ({found})")
        return self

    @property
    def kind(self) -> ChangeKind:
        return next(k for k in CHANGE_KINDS if getattr(self, k) is not None)

    @property
    def sources(self) -> tuple[str, ...]:
        """The old ids this change accounts for."""
        if self.renamed is not None:
            return (self.renamed.from_,)
        if self.split is not None:
            return (self.split.from_,)
        if self.merged is not None:
            return tuple(self.merged.from_)
        assert self.removed is not None
        return (self.removed.id,)

    @property
    def targets(self) -> tuple[str, ...]:
        """The ids in the new version that receive the answers."""
        if self.renamed is not None:
            return (self.renamed.to,)
        if self.split is not None:
            return tuple(self.split.into)
        if self.merged is not None:
            return (self.merged.into,)
        return ()


class Supersedes(StrictModel):
    """The version this one replaces, and how its item ids map to this version's."""

    version: Version = Field(description="The version this one replaces; its assessments can be migrated.")
    changes: list[Change] = Field(
        default_factory=list,
        description="Ids that were renamed, split, merged or removed. Ids present in both versions carry over "
        "unchanged and need no entry; ids new in this version are added unanswered.",
    )


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
    locales: list[Locale] = Field(
        default_factory=list,
        description="Languages this file promises complete translations for; `normcheck checklist lint` checks it.",
    )
    translations: dict[Locale, ChecklistTranslation] = Field(
        default_factory=dict, description="Title and description in other languages, keyed by language tag."
    )
    supersedes: Supersedes | None = Field(
        default=None, description="For a new version: the version it replaces and how item ids map."
    )
    items: list[Item] = Field(min_length=1, description="The practical actions.")

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def items_of(self, norm: str) -> list[Item]:
        return [i for i in self.items if i.norm == norm]

    def norm_ids(self) -> list[str]:
        present = {i.norm for i in self.items}
        return [n for n in NORM_IDS if n in present]
