"""The scoring engine: answers to item credits, tiers, norm stages and the country result. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from normcheck.countries import country_name
from normcheck.models.assessment import Assessment, Response, Status
from normcheck.models.checklist import TIERS, Checklist, Item, NormSet
from normcheck.models.maturity import MaturityModel
from normcheck.models.scorecard import (
    Blocker,
    ItemResult,
    NormScore,
    Overall,
    Ref,
    Scorecard,
    TierResult,
)

UNANSWERED = "unanswered"


def one_decimal(value: float) -> float:
    """Round half up, so 62.25 prints as 62.3 on every platform rather than by binary accident."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# The result models below are built with model_construct: every value is computed here from validated input,
# so re-validating tens of thousands of them per batch would only cost time.
def score_item(item: Item, response: Response | None, model: MaturityModel) -> ItemResult:
    status = response.status if response is not None else None
    counted: str | None
    if status is Status.NOT_APPLICABLE:
        shown, counted, credit, unevidenced = status.value, None, None, False
    elif status is None:
        shown, counted, credit, unevidenced = UNANSWERED, UNANSWERED, 0.0, False
    else:
        rule = model.evidence_rule
        shown = counted = status.value
        unevidenced = counted in rule.requires_evidence and not (response and response.evidence)
        if unevidenced:
            counted = rule.otherwise
        credit = model.statuses.get(counted).credit  # type: ignore[arg-type]
    return ItemResult.model_construct(
        id=item.id,
        norm=item.norm,
        tier=item.tier,
        category=item.category.value,
        weight=item.weight,
        text=item.text,
        status=shown,
        counted_as=counted,
        credit=credit,
        met=counted in model.met,
        unevidenced=unevidenced,
    )


def score_norm(norm_id: str, title: str, results: Sequence[ItemResult], model: MaturityModel) -> NormScore:
    applicable = [r for r in results if r.credit is not None]
    tiers = []
    for tier in TIERS:
        in_tier = [r for r in applicable if r.tier == tier]
        met = sum(r.met for r in in_tier)
        tiers.append(TierResult.model_construct(tier=tier, holds=met == len(in_tier), met=met, applicable=len(in_tier)))
    stage: int | None = None
    index: float | None = None
    blockers: list[Blocker] = []
    if applicable:
        stage = 0
        for t in tiers:
            if not t.holds:
                break
            stage = t.tier
        total_weight = sum(r.weight for r in applicable)
        index = one_decimal(100 * sum(r.weight * (r.credit or 0.0) for r in applicable) / total_weight)
        if stage < len(TIERS):
            blockers = _blockers(applicable, stage + 1, total_weight)
    return NormScore(
        id=norm_id,
        title=title,
        stage=stage,
        stage_name=model.stage_name(stage),
        index=index,
        met=sum(r.met for r in applicable),
        applicable=len(applicable),
        items=len(results),
        tiers=tiers,
        blockers=blockers,
        unevidenced=[r.id for r in results if r.unevidenced],
    )


def _blockers(applicable: Iterable[ItemResult], tier: int, total_weight: float) -> list[Blocker]:
    found = [
        Blocker.model_construct(
            id=r.id,
            tier=r.tier,
            text=r.text,
            status=r.status,
            counted_as=r.counted_as or r.status,
            gain=one_decimal(100 * r.weight * (1 - (r.credit or 0.0)) / total_weight),
        )
        for r in applicable
        if r.tier == tier and not r.met
    ]
    return sorted(found, key=lambda b: (-b.gain, b.id))


def lower_median(values: Sequence[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def score(
    assessment: Assessment,
    checklist: Checklist,
    norms: NormSet,
    model: MaturityModel,
    warnings: Sequence[str] = (),
) -> Scorecard:
    """Score one assessment. Reads nothing and depends on no clock: same inputs, same scorecard."""
    results = [score_item(item, assessment.responses.get(item.id), model) for item in checklist.items]
    titles: dict[str, str] = {n.id: n.title for n in norms.norms}
    norm_scores = [
        score_norm(norm_id, titles.get(norm_id, norm_id), [r for r in results if r.norm == norm_id], model)
        for norm_id in checklist.norm_ids()
    ]
    rated = [n for n in norm_scores if n.stage is not None]
    stage = lower_median([n.stage for n in rated if n.stage is not None]) if rated else None
    lowest = min((n.stage for n in rated if n.stage is not None), default=None)
    responded = sum(
        1 for item in checklist.items if (r := assessment.responses.get(item.id)) is not None and r.status is not None
    )
    overall = Overall(
        stage=stage,
        stage_name=model.stage_name(stage),
        index=one_decimal(sum(n.index or 0.0 for n in rated) / len(rated)) if rated else None,
        weakest=[n.id for n in rated if n.stage == lowest],
        coverage=round(responded / len(checklist.items), 4),
        rated=len(rated),
        unevidenced=sum(r.unevidenced for r in results),
    )
    return Scorecard(
        country=assessment.country,
        country_name=country_name(assessment.country),
        date=assessment.date,
        perspective=assessment.perspective.value,
        illustrative=assessment.illustrative,
        checklist=Ref(id=checklist.id, version=checklist.version, name=checklist.title),
        model=Ref(id=model.id, version=model.version, name=model.name),
        overall=overall,
        norms=norm_scores,
        items=results,
        warnings=list(warnings),
    )
