"""The scoring rule, clause by clause, on hand-computed cases."""

from __future__ import annotations

import pytest

from normcheck.scoring import lower_median, one_decimal, score

from builders import answer, assessment, checklist, five_tiers, item, norm_set, shipped_model

MODEL = shipped_model()
NORMS = norm_set("abc")


def run(items, responses):  # type: ignore[no-untyped-def]
    return score(assessment(responses), checklist(items), NORMS, MODEL)


def test_credit_per_status_and_index_to_one_decimal() -> None:
    items = [
        item("a1", "a", 1),
        item("a2", "a", 2),
        item("a3", "a", 3),
        item("a4", "a", 4),
        item("a5", "a", 5),
        item("a6", "a", 5),
    ]
    card = run(
        items,
        {
            "a1": answer("full"),
            "a2": answer("largely"),
            "a3": answer("partial"),
            "a4": answer("planned"),
            "a5": answer("not_started"),
        },
    )
    norm = card.norms[0]
    # (1 + 0.75 + 0.5 + 0.25 + 0 + 0 unanswered) / 6 = 0.41666.. -> 41.7
    assert norm.index == 41.7
    assert norm.stage == 2
    assert [t.holds for t in norm.tiers] == [True, True, False, False, False]
    assert [b.id for b in norm.blockers] == ["a3"]
    assert card.items[5].status == "unanswered"
    assert card.items[5].credit == 0.0


def test_weights_change_the_index() -> None:
    items = [item("a1", "a", 1, weight=3), *five_tiers("a")[1:]]
    card = run(items, {"a1": answer("full")})
    assert card.norms[0].index == 42.9  # 3 / 7


def test_not_applicable_items_are_left_out_and_an_all_na_tier_holds() -> None:
    items = five_tiers("a")
    na = answer("not_applicable", evidence=False, justification="No such sector.")
    card = run(items, {"a10": answer("full"), "a20": na, "a30": answer("largely"), "a40": answer("partial")})
    norm = card.norms[0]
    assert norm.applicable == 4
    assert norm.stage == 3
    assert norm.index == 56.3  # (1 + 0.75 + 0.5 + 0) / 4 = 0.5625 rounds half up
    assert card.items[1].credit is None
    assert norm.tiers[1].holds
    assert norm.tiers[1].applicable == 0


def test_a_norm_whose_items_are_all_not_applicable_is_not_rated() -> None:
    na = answer("not_applicable", evidence=False, justification="Not relevant.")
    items = five_tiers("a") + five_tiers("b")
    responses = {f"a{t}0": na for t in range(1, 6)} | {"b10": answer("full")}
    card = run(items, responses)
    a, b = card.norms
    assert (a.stage, a.stage_name, a.index, a.blockers) == (None, None, None, [])
    assert b.stage == 1
    assert card.overall.rated == 1
    assert card.overall.stage == 1
    assert card.overall.weakest == ["b"]


def test_evidence_rule_downgrades_unevidenced_claims_to_partial() -> None:
    items = five_tiers("a")
    card = run(items, {"a10": answer("full", evidence=False), "a20": answer("largely", evidence=False)})
    norm = card.norms[0]
    assert norm.stage == 0
    assert norm.unevidenced == ["a10", "a20"]
    assert card.items[0].counted_as == "partial"
    assert card.items[0].credit == 0.5
    assert not card.items[0].met
    assert norm.index == 20.0
    assert card.overall.unevidenced == 2


def test_partial_without_evidence_is_not_an_unevidenced_claim() -> None:
    card = run(five_tiers("a"), {"a10": answer("partial", evidence=False)})
    assert card.norms[0].unevidenced == []


def test_stage_is_cumulative_a_higher_tier_does_not_count_past_a_gap() -> None:
    items = five_tiers("a")
    full = {f"a{t}0": answer("full") for t in (1, 3, 4, 5)}
    card = run(items, full)
    assert card.norms[0].stage == 1
    assert card.norms[0].index == 80.0
    assert [b.id for b in card.norms[0].blockers] == ["a20"]


def test_stage_five_has_no_blockers() -> None:
    card = run(five_tiers("a"), {f"a{t}0": answer("full") for t in range(1, 6)})
    assert card.norms[0].stage == 5
    assert card.norms[0].stage_name == "Dynamic"
    assert card.norms[0].blockers == []


def test_blockers_are_the_unmet_items_of_the_next_tier_most_gain_first() -> None:
    items = [
        item("a1", "a", 1),
        item("a2x", "a", 2),
        item("a2y", "a", 2, weight=2),
        item("a2z", "a", 2),
        *five_tiers("a")[2:],
    ]
    card = run(items, {"a1": answer("full"), "a2x": answer("partial"), "a2z": answer("full")})
    blockers = card.norms[0].blockers
    assert [b.id for b in blockers] == ["a2y", "a2x"]
    assert blockers[0].gain == 25.0  # weight 2 of 8, from credit 0
    assert blockers[1].gain == 6.3  # weight 1 of 8, from credit 0.5: 6.25 rounds half up


def test_overall_lower_median_mean_index_weakest_and_coverage() -> None:
    items = five_tiers("a") + five_tiers("b") + five_tiers("c")
    responses = {
        **{f"a{t}0": answer("full") for t in range(1, 4)},  # a: stage 3, index 60
        **{f"b{t}0": answer("full") for t in range(1, 2)},  # b: stage 1, index 20
        "c10": answer("not_started"),  # c: stage 0, index 0
    }
    card = run(items, responses)
    assert [n.stage for n in card.norms] == [3, 1, 0]
    assert card.overall.stage == 1
    assert card.overall.stage_name == "Initial"
    assert card.overall.index == 26.7
    assert card.overall.weakest == ["c"]
    assert card.overall.coverage == round(5 / 15, 4)


def test_not_applicable_counts_as_a_response_for_coverage() -> None:
    na = answer("not_applicable", evidence=False, justification="n/a")
    card = run(five_tiers("a"), {"a10": na, "a20": answer(None, evidence=False)})
    assert card.overall.coverage == 0.2


@pytest.mark.parametrize(("values", "expected"), [([3], 3), ([1, 4], 1), ([0, 2, 5], 2), ([5, 1, 3, 2], 2)])
def test_lower_median(values: list[int], expected: int) -> None:
    assert lower_median(values) == expected


@pytest.mark.parametrize(("value", "expected"), [(62.25, 62.3), (41.666, 41.7), (0.05, 0.1), (100.0, 100.0)])
def test_one_decimal_rounds_half_up(value: float, expected: float) -> None:
    assert one_decimal(value) == expected


def test_credits_come_from_the_model_file() -> None:
    generous = MODEL.model_copy(
        update={
            "statuses": MODEL.statuses.model_copy(
                update={"partial": MODEL.statuses.partial.model_copy(update={"credit": 0.6})}
            )
        }
    )
    card = score(assessment({"a10": answer("partial")}), checklist(five_tiers("a")), NORMS, generous)
    assert card.norms[0].index == 12.0


def test_every_shipped_example_scores_to_a_scorecard_that_validates_unchanged() -> None:
    import datetime as dt
    import warnings
    from pathlib import Path

    from normcheck.catalog import Catalog
    from normcheck.models.scorecard import Scorecard
    from normcheck.resolve import load_subject

    catalog = Catalog.discover()
    files = sorted((Path(__file__).parent.parent / "assessments").rglob("*.yaml"))
    assert len(files) >= 16
    for path in files:
        card = load_subject(path, catalog, dt.date(2026, 11, 22)).score()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a value of the wrong type makes pydantic's serializer warn
            dumped = card.model_dump()
        # repr, not ==: True == 1, but a template would print "True" where the count 1 belongs
        assert repr(Scorecard.model_validate(dumped).model_dump()) == repr(dumped), path
