"""Migration along each kind of mapping, and the properties: identity changes nothing, nothing is ever dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normcheck import yamlio
from normcheck.loading import load_as
from normcheck.migrate import migrate, migrate_step, norm_impact, render_plan
from normcheck.models.assessment import Assessment, Response
from normcheck.models.checklist import Checklist
from normcheck.scoring import score
from normcheck.serialise import assessment_yaml

from builders import item, norm_set, shipped_model

VERSIONS = Path(__file__).parent / "data" / "versions"
OLD = load_as(VERSIONS / "mini-1.0.yaml", Checklist).value
NEW = load_as(VERSIONS / "mini-2.0.yaml", Checklist).value
MODEL = shipped_model()
NORMS = norm_set("abc")


def ev(title: str) -> dict[str, Any]:
    return {"title": title, "reference": f"File {title}", "type": "policy"}


def assessment(responses: dict[str, dict[str, Any]], checklist: Checklist = OLD, **extra: Any) -> Assessment:
    return Assessment.model_validate({
        "kind": "assessment", "checklist": {"id": checklist.id, "version": checklist.version}, "country": "LAO",
        "date": dt.date(2025, 7, 1), "perspective": "government", "assessors": [{"name": "Team"}],
        "illustrative": True, "responses": responses, **extra,
    })


ANSWERS = {
    "mini-a-01": {"status": "full", "evidence": [ev("A1")]},
    "mini-a-03": {"status": "largely", "evidence": [ev("A3")], "notes": "Renamed answer."},
    "mini-b-02": {"status": "full", "evidence": [ev("B2")], "notes": "One action, now two."},
    "mini-b-06": {"status": "partial", "evidence": [ev("B6")], "notes": "Soon to be retired."},
    "mini-c-02": {"status": "full", "evidence": [ev("C2"), ev("shared")], "notes": "First half."},
    "mini-c-06": {"status": "planned", "evidence": [ev("shared"), ev("C6")], "notes": "Second half."},
}


def migrated() -> Assessment:
    new, _ = migrate_step(assessment(ANSWERS), OLD, NEW)
    return new


def test_kept_and_renamed_answers_carry_over_unchanged() -> None:
    new = migrated()
    assert new.checklist.version == "2.0"
    assert new.responses["mini-a-01"] == assessment(ANSWERS).responses["mini-a-01"]
    assert new.responses["mini-a-13"] == assessment(ANSWERS).responses["mini-a-03"]
    assert "mini-a-03" not in new.responses


def test_a_split_item_copies_answer_and_evidence_to_each_part_for_review() -> None:
    new = migrated()
    for part in ("mini-b-02", "mini-b-12"):
        response = new.responses[part]
        assert response.status is not None
        assert (response.status.value, response.notes, [e.title for e in response.evidence]) == (
            "full", "One action, now two.", ["B2"])
        assert response.review
        assert response.review_note == "split from mini-b-02 in 1.0 -> 2.0; check that the answer fits this part"


def test_merged_items_take_the_lowest_status_and_keep_all_evidence() -> None:
    response = migrated().responses["mini-c-02"]
    assert response.status is not None
    assert response.status.value == "planned"
    assert [e.title for e in response.evidence] == ["C2", "shared", "C6"]
    assert response.notes == "mini-c-02: First half.\n\nmini-c-06: Second half."
    assert response.review
    assert response.review_note == (
        "merged from mini-c-02 (full), mini-c-06 (planned) in 1.0 -> 2.0; the lowest status was kept"
    )


@pytest.mark.parametrize(("c02", "c06", "expected"), [
    ({"status": "full"}, None, None),  # an unanswered part makes the whole unanswered
    ({"status": "not_applicable", "justification": "No CERT."}, {"status": "partial"}, "partial"),
    ({"status": "not_applicable", "justification": "No CERT."},
     {"status": "not_applicable", "justification": "No law."}, "not_applicable"),
])
def test_merge_status_rule(c02: dict[str, Any], c06: dict[str, Any] | None, expected: str | None) -> None:
    answers = {"mini-c-02": c02, **({"mini-c-06": c06} if c06 else {})}
    response = migrate_step(assessment(answers), OLD, NEW)[0].responses["mini-c-02"]
    assert (response.status.value if response.status else None) == expected
    if expected == "not_applicable":
        assert response.justification == "mini-c-02: No CERT.\n\nmini-c-06: No law."


def test_a_removed_items_answer_is_kept_under_retired_responses() -> None:
    new = migrated()
    assert "mini-b-06" not in new.responses
    retired = new.retired_responses["mini-b-06"]
    assert (retired.from_version, retired.reason, retired.text) == (
        "1.0", "It repeated mini-b-03.", "Carry out action mini-b-06.")
    assert retired.response == assessment(ANSWERS).responses["mini-b-06"]
    card = score(new, NEW, NORMS, MODEL)
    assert "mini-b-06" not in [i.id for i in card.items]


def test_added_items_start_unanswered_and_nothing_is_kept_for_empty_answers() -> None:
    new, affected = migrate_step(assessment({"mini-b-06": {"status": None}}), OLD, NEW)
    assert new.responses["mini-a-06"] == Response()
    assert new.retired_responses == {}
    assert [a.detail for a in affected if a.change == "removed"] == ["unanswered; nothing to keep"]


def test_every_item_affected_is_reported() -> None:
    _, affected = migrate_step(assessment(ANSWERS), OLD, NEW)
    assert [(a.change, a.old, a.new, a.detail) for a in affected] == [
        ("renamed", ("mini-a-03",), ("mini-a-13",), "largely, 1 evidence"),
        ("split", ("mini-b-02",), ("mini-b-02", "mini-b-12"),
         "full, 1 evidence; copied to each part; marked for review"),
        ("merged", ("mini-c-02", "mini-c-06"), ("mini-c-02",),
         "full + planned -> planned, 3 evidence kept; marked for review"),
        ("removed", ("mini-b-06",), (), "partial, 1 evidence; kept under retired_responses.mini-b-06"),
        ("changed", ("mini-a-01",), ("mini-a-01",), "reworded; answer unchanged"),
        ("changed", ("mini-a-04",), ("mini-a-04",), "tier 4 -> 3; answer unchanged"),
        ("changed", ("mini-b-04",), ("mini-b-04",), "weight 1 -> 2; answer unchanged"),
        ("added", (), ("mini-a-06",), "new item; unanswered"),
    ]


def test_the_dry_run_report_shows_items_and_each_norms_change() -> None:
    old = assessment(ANSWERS)
    result = migrate(old, [OLD, NEW])
    impact = norm_impact(score(old, OLD, NORMS, MODEL), score(result.assessment, NEW, NORMS, MODEL))
    assert [(r.norm, r.changed) for r in impact] == [("(a)", True), ("(b)", True), ("(c)", True), ("overall", True)]
    text = render_plan("lao.yaml", "out/lao.yaml", result, impact)
    assert text.splitlines()[:3] == [
        "lao.yaml -> out/lao.yaml",
        "  1.0 -> 2.0: 8 item(s) affected",
        "    renamed  mini-a-03 -> mini-a-13             largely, 1 evidence",
    ]
    assert "  Norm     Stage                                Index (* marks a change)" in text
    assert "  *(a)     1 Initial                            35.0 -> 29.2" in text
    assert "  *overall 0 Not started                        26.9 -> 20.9" in text


def test_retired_answers_are_carried_through_later_migrations() -> None:
    first = migrated()
    third = NEW.model_copy(update={"version": "3.0", "supersedes": NEW.supersedes.model_copy(  # type: ignore[union-attr]
        update={"version": "2.0", "changes": []})})
    later = migrate(first, [NEW, third]).assessment
    assert later.retired_responses == first.retired_responses
    assert later.responses == first.responses


def test_answers_to_unknown_ids_are_refused_rather_than_dropped() -> None:
    stray = assessment(ANSWERS).model_copy(update={"responses": {"mini-z-01": Response()}})
    with pytest.raises(ValueError, match="would be lost: mini-z-01"):
        migrate_step(stray, OLD, NEW)


def test_the_migrated_file_loads_back_equal() -> None:
    new = migrated()
    text = assessment_yaml(new, NEW, NORMS, comments=["Migrated."])
    assert text.startswith("# yaml-language-server: $schema=../schema/assessment.schema.json\n# Migrated.\n")
    assert "retired_responses:\n  mini-b-06:\n    from_version: '1.0'" in text
    assert Assessment.model_validate(yamlio.parse(text, "x.yaml").data) == new


# --------------------------------------------------------------------------------------------------- properties

TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s.strip() != "")
STATUSES = [None, "not_started", "planned", "partial", "largely", "full", "not_applicable"]


@st.composite
def responses_for(draw: st.DrawFn, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item_id in ids:
        if draw(st.booleans()):
            continue
        status = draw(st.sampled_from(STATUSES))
        response: dict[str, Any] = {"status": status}
        response["evidence"] = [ev(f"{item_id}/{n}") for n in range(draw(st.integers(0, 2)))]
        if draw(st.booleans()):
            response["notes"] = draw(TEXT)
        if status == "not_applicable" or draw(st.booleans()):
            response["justification"] = draw(TEXT)
        out[item_id] = response
    return out


def old_checklist(per_tier: int) -> Checklist:
    items = [item(f"{n}-{t}-{k}", n, t) for n in "ab" for t in range(1, 6) for k in range(per_tier)]
    return Checklist.model_validate({
        "kind": "checklist", "id": "prop", "version": "1", "title": "P", "description": "P.", "norms": "test-norms",
        "source": {"document": "tests"}, "items": items,
    })


@st.composite
def version_pairs(draw: st.DrawFn) -> tuple[Checklist, Checklist]:
    old = old_checklist(draw(st.integers(1, 2)))
    ids = [i.id for i in old.items]
    fates = {i: draw(st.sampled_from(["kept", "renamed", "split", "merged", "removed"])) for i in ids}
    to_merge = [i for i in ids if fates[i] == "merged"]
    if len(to_merge) % 2:
        fates[to_merge.pop()] = "kept"
    changes: list[dict[str, Any]] = []
    new_items: list[dict[str, Any]] = []
    by_id = {i.id: i.model_dump(by_alias=True) for i in old.items}
    for item_id in ids:
        fate = fates[item_id]
        if fate == "kept":
            new_items.append(by_id[item_id])
        elif fate == "renamed":
            changes.append({"renamed": {"from": item_id, "to": f"{item_id}r"}})
            new_items.append({**by_id[item_id], "id": f"{item_id}r"})
        elif fate == "split":
            changes.append({"split": {"from": item_id, "into": [item_id, f"{item_id}s"]}})
            new_items += [by_id[item_id], {**by_id[item_id], "id": f"{item_id}s", "text": f"Part of {item_id}."}]
        elif fate == "removed":
            changes.append({"removed": {"id": item_id, "reason": f"No longer needed: {item_id}."}})
    for first, second in zip(to_merge[::2], to_merge[1::2], strict=True):
        changes.append({"merged": {"from": [first, second], "into": first}})
        new_items.append(by_id[first])
    new_items.append({**by_id[ids[0]], "id": "added-1", "text": "A new action."})
    new = Checklist.model_validate({**old.model_dump(by_alias=True), "version": "2", "items": new_items,
                                    "supersedes": {"version": "1", "changes": changes}})
    return old, new


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 2), st.data())
def test_an_identity_mapping_changes_nothing(per_tier: int, data: st.DataObject) -> None:
    old = old_checklist(per_tier)
    same = Checklist.model_validate(
        {**old.model_dump(by_alias=True), "version": "2", "supersedes": {"version": "1", "changes": []}})
    before = assessment(data.draw(responses_for([i.id for i in old.items])), old)
    after = migrate(before, [old, same]).assessment
    assert after == before.model_copy(update={"checklist": before.checklist.model_copy(update={"version": "2"})})
    assert score(after, same, norm_set("ab"), MODEL).norms == score(before, old, norm_set("ab"), MODEL).norms


@settings(max_examples=80, deadline=None)
@given(version_pairs(), st.data())
def test_no_answer_or_evidence_is_ever_dropped(pair: tuple[Checklist, Checklist], data: st.DataObject) -> None:
    old, new = pair
    before = assessment(data.draw(responses_for([i.id for i in old.items])), old)
    after, _ = migrate_step(before, old, new)
    text = assessment_yaml(after, new, norm_set("ab"))
    assert Assessment.model_validate(yamlio.parse(text, "x.yaml").data) == after
    kept = [*after.responses.values(), *(r.response for r in after.retired_responses.values())]
    evidence = [e for r in kept for e in r.evidence]
    words = " ".join(f"{r.notes} {r.justification} {r.review_note}" for r in kept)
    for item_id, response in before.responses.items():
        for e in response.evidence:
            assert e in evidence
        for text_field in (response.notes, response.justification):
            assert text_field is None or text_field in words
        status = response.status.value if response.status else "unanswered"
        carriers = [r for r in kept if r.review_note and f"{item_id} ({status})" in r.review_note]
        same = [r for r in kept if r.status == response.status and set(response.evidence) <= set(r.evidence)]
        assert carriers or same or response == Response(), item_id
