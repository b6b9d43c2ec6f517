"""The scoring engine: answers to item credits, tiers, norm stages and the country result. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from normcheck.countries import country_name
from normcheck.models.assessment import Assessment, Response, Status
from normcheck.models.checklist import TIERS, Checklist, Item, NormSet
from normcheck.models.maturity import SCORED_STATUSES, MaturityModel
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one answered status counts as under a maturity model: worked out once per model, not per item."""

    counted: str
    credit: float
    met: bool
    unevidenced: bool


def outcomes(model: MaturityModel) -> dict[tuple[str, bool], Outcome]:
    """The outcome of every scored status, with and without evidence."""
    rule = model.evidence_rule
    table: dict[tuple[str, bool], Outcome] = {}
    for status in SCORED_STATUSES:
        for evidenced in (True, False):
            unevidenced = status in rule.requires_evidence and not evidenced
            counted = rule.otherwise if unevidenced else status
            table[status, evidenced] = Outcome(counted, model.statuses.get(counted).credit, counted in model.met,
                                               unevidenced)
    return table


def score_item(item: Item, response: Response | None, table: Mapping[tuple[str, bool], Outcome]) -> ItemResult:
    status = response.status if response is not None else None
    shown: str
    if status is None:
        shown, counted, credit, met, unevidenced = UNANSWERED, UNANSWERED, 0.0, False, False
    elif status is Status.NOT_APPLICABLE:
        shown, counted, credit, met, unevidenced = status.value, None, None, False, False
    else:
        shown = status.value
        outcome = table[shown, bool(response and response.evidence)]
        counted, credit, met, unevidenced = outcome.counted, outcome.credit, outcome.met, outcome.unevidenced
    return ItemResult.computed(
        id=item.id,
        norm=item.norm,
        tier=item.tier,
        category=item.category.value,
        weight=item.weight,
        text=item.text,
        status=shown,
        counted_as=counted,
        credit=credit,
        met=met,
        unevidenced=unevidenced,
    )


def score_norm(norm_id: str, title: str, results: Sequence[ItemResult], model: MaturityModel) -> NormScore:
    applicable = [r for r in results if r.credit is not None]
    counts = {tier: [0, 0] for tier in TIERS}  # tier -> [met, applicable]
    for r in applicable:
        counts[r.tier][0] += r.met
        counts[r.tier][1] += 1
    tiers = [TierResult.computed(tier=tier, holds=met == n, met=met, applicable=n) for tier, (met, n) in counts.items()]
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
    return NormScore.computed(
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
        Blocker.computed(
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
    table = outcomes(model)
    results = [score_item(item, assessment.responses.get(item.id), table) for item in checklist.items]
    by_norm: dict[str, list[ItemResult]] = defaultdict(list)
    for result in results:
        by_norm[result.norm].append(result)
    titles: dict[str, str] = {n.id: n.title for n in norms.norms}
    norm_scores = [
        score_norm(norm_id, titles.get(norm_id, norm_id), by_norm[norm_id], model)
        for norm_id in checklist.norm_ids()
    ]
    rated = [n for n in norm_scores if n.stage is not None]
    stage = lower_median([n.stage for n in rated if n.stage is not None]) if rated else None
    lowest = min((n.stage for n in rated if n.stage is not None), default=None)
    responded = sum(r.status != UNANSWERED for r in results)
    overall = Overall.computed(
        stage=stage,
        stage_name=model.stage_name(stage),
        index=one_decimal(sum(n.index or 0.0 for n in rated) / len(rated)) if rated else None,
        weakest=[n.id for n in rated if n.stage == lowest],
        coverage=round(responded / len(checklist.items), 4),
        rated=len(rated),
        unevidenced=sum(r.unevidenced for r in results),
    )
    return Scorecard.computed(
        country=assessment.country,
        country_name=country_name(assessment.country),
        date=assessment.date,
        perspective=assessment.perspective.value,
        illustrative=assessment.illustrative,
        checklist=Ref.computed(id=checklist.id, version=checklist.version, name=checklist.title),
        model=Ref.computed(id=model.id, version=model.version, name=model.name),
        overall=overall,
        norms=norm_scores,
        items=results,
        warnings=list(warnings),
    )
