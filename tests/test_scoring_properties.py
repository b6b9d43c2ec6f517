"""Properties of the scoring rule that must hold for every checklist and every set of answers."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from normcheck.models.scorecard import Scorecard
from normcheck.scoring import score

from builders import EVIDENCE, assessment, checklist, item, norm_set, shipped_model

MODEL = shipped_model()
NORMS = norm_set("abc")
ORDER = [None, "not_started", "planned", "partial", "largely", "full"]
STATUSES = [*ORDER, "not_applicable"]


@st.composite
def cases(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    items = []
    for norm in draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3, unique=True)):
        for tier in range(1, 6):
            for n in range(draw(st.integers(1, 3))):
                weight = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))
                items.append(item(f"{norm}-{tier}-{n}", norm, tier, weight=weight))
    responses = {}
    for it in items:
        status = draw(st.sampled_from(STATUSES))
        if status is None and draw(st.booleans()):
            continue
        response: dict[str, object] = {"status": status}
        if draw(st.booleans()):
            response["evidence"] = EVIDENCE
        if status == "not_applicable":
            response["justification"] = "Does not apply."
        responses[it["id"]] = response
    return items, responses


@settings(max_examples=150, deadline=None)
@given(cases())
def test_indices_are_within_0_and_100_and_stages_within_0_and_5(case) -> None:  # type: ignore[no-untyped-def]
    items, responses = case
    card = score(assessment(responses), checklist(items), NORMS, MODEL)
    for norm in card.norms:
        assert norm.index is None or 0 <= norm.index <= 100
        assert norm.stage is None or 0 <= norm.stage <= 5
        assert (norm.stage is None) == (norm.index is None)
    assert 0 <= card.overall.coverage <= 1


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_raising_one_response_never_lowers_a_stage_or_index(case, data) -> None:  # type: ignore[no-untyped-def]
    items, responses = case
    scored = [i["id"] for i in items if responses.get(i["id"], {}).get("status") != "not_applicable"]
    if not scored:
        return
    target = data.draw(st.sampled_from(scored))
    current = responses.get(target, {}).get("status")
    higher = ORDER[ORDER.index(current) + 1 :]
    if not higher:
        return
    raised = dict(responses)
    raised[target] = {**responses.get(target, {}), "status": data.draw(st.sampled_from(higher))}
    before = score(assessment(responses), checklist(items), NORMS, MODEL)
    after = score(assessment(raised), checklist(items), NORMS, MODEL)
    for old, new in zip(before.norms, after.norms, strict=True):
        assert (new.stage or 0) >= (old.stage or 0)
        assert (new.index or 0) >= (old.index or 0)
    assert (after.overall.stage or 0) >= (before.overall.stage or 0)


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_responses_and_items_does_not_matter(case, rnd: random.Random) -> None:  # type: ignore[no-untyped-def]
    items, responses = case
    keys = list(responses)
    rnd.shuffle(keys)
    shuffled_items = list(items)
    rnd.shuffle(shuffled_items)
    a = score(assessment(responses), checklist(items), NORMS, MODEL)
    b = score(assessment({k: responses[k] for k in keys}), checklist(shuffled_items), NORMS, MODEL)
    assert a.overall == b.overall
    for x, y in zip(a.norms, b.norms, strict=True):
        assert (x.stage, x.index, x.met, x.applicable) == (y.stage, y.index, y.met, y.applicable)
        assert sorted(x.unevidenced) == sorted(y.unevidenced)
        assert sorted(b.id for b in x.blockers) == sorted(b.id for b in y.blockers)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_a_scorecard_is_exactly_what_validating_it_would_give(case) -> None:  # type: ignore[no-untyped-def]
    # Scoring builds its results without validating them again; validating the dump must change nothing,
    # not even a bool where an int belongs (equal in Python, but a template would print "True" for 1).
    items, responses = case
    card = score(assessment(responses), checklist(items), NORMS, MODEL)
    again = Scorecard.model_validate(card.model_dump())
    assert repr(again.model_dump()) == repr(card.model_dump())
