"""A country's self-assessment against one checklist version."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from normcheck.links import check_public_http
from normcheck.models.base import Identifier, StrictModel, Text, Version
from normcheck.models.checklist import NormId


def _plausible(earliest: int) -> AfterValidator:
    def check(value: dt.date) -> dt.date:
        if not earliest <= value.year <= 2100:
            raise ValueError(f"{value} is not a plausible date here (expected a year from {earliest} to 2100)")
        return value

    return AfterValidator(check)


# The norms date from 2015; an assessment dated before 2000 or after 2100 is a typo, not a record.
AssessmentDate = Annotated[dt.date, _plausible(2000)]
DocumentDate = Annotated[dt.date, _plausible(1900)]


class Status(StrEnum):
    NOT_STARTED = "not_started"
    PLANNED = "planned"
    PARTIAL = "partial"
    LARGELY = "largely"
    FULL = "full"
    NOT_APPLICABLE = "not_applicable"


class Perspective(StrEnum):
    GOVERNMENT = "government"
    PRIVATE_SECTOR = "private_sector"
    CIVIL_SOCIETY = "civil_society"
    ACADEMIA = "academia"
    TECHNICAL_COMMUNITY = "technical_community"
    REGIONAL_BODY = "regional_body"


class EvidenceType(StrEnum):
    LEGISLATION = "legislation"
    REGULATION = "regulation"
    STRATEGY = "strategy"
    POLICY = "policy"
    STATEMENT = "statement"
    GUIDELINE = "guideline"
    PROCEDURE = "procedure"
    AGREEMENT = "agreement"
    DIRECTORY = "directory"
    EXERCISE = "exercise"
    REPORT = "report"
    TRAINING = "training"
    WEBSITE = "website"
    OTHER = "other"


class Evidence(StrictModel):
    """A document or record that shows an action is done. Given by reference; never fetched."""

    title: Text = Field(description="Title of the document or record.")
    url: str | None = Field(default=None, description="An http(s) address where it can be read, if public.")
    reference: Text | None = Field(
        default=None, description="A citation where there is no URL: gazette number, file reference, meeting."
    )
    type: EvidenceType = Field(description="What kind of evidence this is.")
    date: DocumentDate | None = Field(default=None, description="Date of the document (YYYY-MM-DD).")
    disclosure: Literal["public", "restricted"] = Field(
        default="public",
        description="'restricted' evidence is counted but its content is left out of reports.",
    )

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        return None if value is None else check_public_http(value)

    @model_validator(mode="after")
    def _url_or_reference(self) -> Evidence:
        if self.url is None and self.reference is None:
            raise ValueError("give a 'url' or a 'reference' so a reader can find this evidence")
        return self


class Response(StrictModel):
    """The answer for one item. A missing response, or status left empty, means unanswered."""

    status: Status | None = Field(default=None, description="Implementation status; empty means unanswered.")
    evidence: list[Evidence] = Field(default_factory=list, description="Evidence that the action is done.")
    notes: Text | None = Field(default=None, description="Free-text notes from the assessors.")
    justification: Text | None = Field(
        default=None, description="Why the item does not apply; required when status is not_applicable."
    )
    review: bool = Field(
        default=False,
        description="true when `normcheck migrate` derived this answer (a split or merged item) and a person "
        "should check it; remove it once checked. Not scored.",
    )
    review_note: Text | None = Field(
        default=None,
        description="Why the answer needs checking, e.g. 'split from asean-a-03 in 2024.1 -> 2025.1'.",
    )

    @model_validator(mode="after")
    def _justified(self) -> Response:
        if self.status is Status.NOT_APPLICABLE and self.justification is None:
            raise ValueError(
                "status not_applicable needs a 'justification' saying why the item does not apply"
            )
        return self


class RetiredResponse(StrictModel):
    """The answer to an item a later checklist version removed: kept for the record, never scored."""

    from_version: Version = Field(description="The last checklist version that had the item.")
    text: Text | None = Field(default=None, description="The item's text in that version, so the answer reads.")
    reason: Text = Field(description="Why the item was removed, from the new version's mapping.")
    response: Response = Field(description="The answer as it was given.")


class NormNarrative(StrictModel):
    """Per-norm free text in the shape of the UN National Survey of Implementation."""

    measures_taken: Text | None = Field(default=None, description="Measures taken to implement the norm.")
    challenges: Text | None = Field(default=None, description="Challenges and capacity gaps.")
    assistance_needed: Text | None = Field(
        default=None, description="Assistance or capacity-building sought."
    )


class ChecklistRef(StrictModel):
    id: Identifier = Field(description="Identifier of the checklist answered.")
    version: Version = Field(description="Exact version of the checklist answered.")


class Assessor(StrictModel):
    name: Text = Field(description="Person or team.")
    organisation: Text | None = Field(default=None, description="Their organisation.")
    role: Text | None = Field(default=None, description="Their role in the assessment.")


class Period(StrictModel):
    start: AssessmentDate = Field(description="First day of the period assessed.")
    end: AssessmentDate = Field(description="Last day of the period assessed.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start}); swap the dates")
        return self


class Assessment(StrictModel):
    """One self-assessment: who assessed what, when, and the answer to each item."""

    kind: Literal["assessment"] = Field(description="Always 'assessment' for this kind of file.")
    checklist: ChecklistRef = Field(description="The checklist and version this assessment answers.")
    country: str = Field(description="ISO 3166-1 alpha-3 code of the country assessed, e.g. 'THA'.")
    date: AssessmentDate = Field(description="Date the assessment was completed (YYYY-MM-DD); orders trends.")
    period: Period | None = Field(
        default=None, description="The period the assessment covers, if not a date."
    )
    perspective: Perspective = Field(description="Whose view this assessment records.")
    assessors: list[Assessor] = Field(default_factory=list, description="Who carried out the assessment.")
    illustrative: bool = Field(description="true for example data that is not an official self-assessment.")
    title: Text | None = Field(default=None, description="Optional title for reports.")
    responses: dict[Identifier, Response] = Field(
        default_factory=dict, description="Answers keyed by item id. Items left out are unanswered."
    )
    norms: dict[NormId, NormNarrative] = Field(
        default_factory=dict, description="Per-norm narrative keyed by norm letter."
    )
    retired_responses: dict[Identifier, RetiredResponse] = Field(
        default_factory=dict,
        description="Answers to items that a later checklist version removed, keyed by the old item id. "
        "`normcheck migrate` keeps them here rather than deleting them; they are never scored.",
    )

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        from normcheck.countries import check_alpha3

        return check_alpha3(value)
