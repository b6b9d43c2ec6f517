"""The `supersedes` mapping: how ids link across versions, its checks (every error, located), and version chains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from normcheck.catalog import Catalog
from normcheck.checking import validate_paths
from normcheck.loading import load_as
from normcheck.models.checklist import Checklist
from normcheck.validate import check_mapping, check_supersedes
from normcheck.versions import ChainError, Fate, Link, version_chain, version_map

VERSIONS = Path(__file__).parent / "data" / "versions"


def load(name: str) -> Any:
    return load_as(VERSIONS / name, Checklist)


def test_the_test_pair_has_a_link_of_every_kind() -> None:
    old, new = load("mini-1.0.yaml").value, load("mini-2.0.yaml").value
    mapping = version_map(old, new)
    assert mapping.declared
    assert mapping.links[:4] == (
        Link(Fate.RENAMED, ("mini-a-03",), ("mini-a-13",)),
        Link(Fate.SPLIT, ("mini-b-02",), ("mini-b-02", "mini-b-12")),
        Link(Fate.MERGED, ("mini-c-02", "mini-c-06"), ("mini-c-02",)),
        Link(Fate.REMOVED, ("mini-b-06",), (), "It repeated mini-b-03."),
    )
    assert Link(Fate.ADDED, (), ("mini-a-06",)) in mapping.links
    assert Link(Fate.KEPT, ("mini-a-01",), ("mini-a-01",)) in mapping.links
    every_old = sorted(i for link in mapping.links for i in link.old)
    every_new = sorted({i for link in mapping.links for i in link.new})
    assert every_old == sorted(i.id for i in old.items)
    assert every_new == sorted(i.id for i in new.items)
    assert check_mapping(load("mini-2.0.yaml"), old) == []


def test_an_undeclared_pair_is_matched_by_id() -> None:
    old, new = load("mini-1.0.yaml").value, load("mini-2.0.yaml").value
    mapping = version_map(old, new.model_copy(update={"supersedes": None}))
    assert not mapping.declared
    assert Link(Fate.REMOVED, ("mini-a-03",), ()) in mapping.links
    assert Link(Fate.ADDED, (), ("mini-a-13",)) in mapping.links


def write_v2(tmp_path: Path, changes: list[dict[str, Any]], drop: tuple[str, ...] = (),
             add: tuple[str, ...] = ()) -> Path:
    data = yaml.safe_load((VERSIONS / "mini-1.0.yaml").read_text(encoding="utf-8"))
    data["version"] = "2.0"
    data["supersedes"] = {"version": "1.0", "changes": changes}
    data["items"] = [i for i in data["items"] if i["id"] not in drop]
    for new_id in add:
        data["items"].append({**data["items"][0], "id": new_id, "text": f"Do {new_id}."})
    # supersedes goes first so that its line numbers do not move with the items
    ordered = {"kind": data.pop("kind"), "supersedes": data.pop("supersedes"), **data}
    path = tmp_path / "mini-2.0.yaml"
    path.write_text(yaml.safe_dump(ordered, sort_keys=False), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    loaded = load_as(path, Checklist)
    old = load("mini-1.0.yaml").value
    issues = check_supersedes(loaded) + check_mapping(loaded, old)
    return sorted(str(i).replace(str(path.parent) + "/", "") for i in issues)


def test_targets_must_exist_and_sources_be_gone(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [
        {"renamed": {"from": "mini-a-03", "to": "mini-a-31"}},
        {"removed": {"id": "mini-b-06", "reason": "Gone."}},
    ], drop=("mini-a-03",))
    assert problems(path) == [
        "mini-2.0.yaml:7:11: supersedes.changes[0].renamed.to: 'mini-a-31' is not an item of this version; "
        "did you mean 'mini-a-01'?",
        "mini-2.0.yaml:9:11: supersedes.changes[1].removed.id: 'mini-b-06' is removed but is still an item of this "
        "version; remove the item or this change",
    ]


def test_each_old_id_is_mapped_once_and_each_target_fed_once(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [
        {"renamed": {"from": "mini-a-03", "to": "mini-a-13"}},
        {"removed": {"id": "mini-a-03", "reason": "Also gone."}},
        {"renamed": {"from": "mini-b-06", "to": "mini-a-13"}},
    ], drop=("mini-a-03", "mini-b-06"), add=("mini-a-13",))
    assert problems(path) == [
        "mini-2.0.yaml:13:11: supersedes.changes[2].renamed.to: 'mini-a-13' already receives answers from "
        "changes[0]; to combine old items into one, use a single merged change",
        "mini-2.0.yaml:9:11: supersedes.changes[1].removed.id: 'mini-a-03' is already mapped by changes[0]; "
        "map each old id once",
    ]


def test_split_and_merge_sources_must_be_gone_unless_reused(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [
        {"split": {"from": "mini-b-02", "into": ["mini-b-12", "mini-b-22"]}},
        {"merged": {"from": ["mini-c-02", "mini-c-06"], "into": "mini-c-02"}},
    ], add=("mini-b-12", "mini-b-22"))
    assert problems(path) == [
        "mini-2.0.yaml:13:9: supersedes.changes[1].merged.from[1]: 'mini-c-06' is merged into 'mini-c-02' but is "
        "still an item of this version; remove it",
        "mini-2.0.yaml:6:13: supersedes.changes[0].split.from: 'mini-b-02' is still an item of this version but is "
        "not one of the parts; list it under 'into'",
    ]


def test_every_disappearing_old_id_must_be_accounted_for(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [{"merged": {"from": ["mini-a-03", "mini-a-04"], "into": "mini-a-04"}},
                               {"removed": {"id": "mini-z-01", "reason": "Typo."}}],
                    drop=("mini-a-03", "mini-b-06"))
    assert problems(path) == [
        "mini-2.0.yaml:11:11: supersedes.changes[1].removed.id: 'mini-z-01' is not an item of mini 1.0; "
        "did you mean 'mini-c-01'?",
        "mini-2.0.yaml:4:3: supersedes.changes: item 'mini-b-06' of 1.0 is not in 2.0 and no change accounts for "
        "it; add a renamed, split, merged or removed entry so its answers are not lost",
    ]


def test_a_target_that_already_existed_must_be_accounted_for(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [{"renamed": {"from": "mini-b-06", "to": "mini-b-05"}}], drop=("mini-b-06",))
    assert problems(path) == [
        "mini-2.0.yaml:7:11: supersedes.changes[0].renamed.to: 'mini-b-05' is an item of 1.0 too, so its own answers "
        "would meet the ones mapped onto it; account for it as well (merge it, or rename it first)",
    ]


def test_a_version_cannot_supersede_itself_and_a_change_needs_one_kind(tmp_path: Path) -> None:
    path = write_v2(tmp_path, [{"renamed": {"from": "mini-a-03", "to": "mini-a-13"},
                                "removed": {"id": "mini-b-06", "reason": "x"}}])
    text = path.read_text(encoding="utf-8").replace("version: '1.0'", "version: '2.0'", 1)
    path.write_text(text, encoding="utf-8")
    catalog = Catalog.discover()
    report = validate_paths([path], catalog, __import__("datetime").date(2026, 1, 1))
    assert [str(i).replace(str(tmp_path) + "/", "") for i in report.issues] == [
        "mini-2.0.yaml:5:5: supersedes.changes[0]: give exactly one of renamed, split, merged or removed in each "
        "change (found renamed, removed)",
    ]
    path = write_v2(tmp_path, [])
    path.write_text(path.read_text(encoding="utf-8").replace("version: '1.0'", "version: '2.0'", 1), "utf-8")
    assert problems(path) == [
        "mini-2.0.yaml:3:12: supersedes.version: version '2.0' cannot supersede itself; give the version this one "
        "replaces",
    ]


def test_validate_checks_the_mapping_against_the_old_version_given_alongside(tmp_path: Path, catalog: Catalog,
                                                                              today) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mini-1.0.yaml").write_text((VERSIONS / "mini-1.0.yaml").read_text("utf-8"), "utf-8")
    write_v2(tmp_path, [], drop=("mini-b-06",))
    report = validate_paths([tmp_path], catalog, today)
    assert [i.message for i in report.issues] == [
        "item 'mini-b-06' of 1.0 is not in 2.0 and no change accounts for it; add a renamed, split, merged or "
        "removed entry so its answers are not lost",
    ]


def chain_of(*specs: tuple[str, str | None]) -> dict[str, Checklist]:
    base = load("mini-1.0.yaml").value
    out = {}
    for version, supersedes in specs:
        sup = {"version": supersedes, "changes": []} if supersedes else None
        out[version] = Checklist.model_validate(
            {**base.model_dump(by_alias=True, exclude={"supersedes"}), "version": version, "supersedes": sup}
        )
    return out


def test_version_chain_follows_supersedes_back() -> None:
    versions = chain_of(("1.0", None), ("2.0", "1.0"), ("3.0", "2.0"))
    chain = version_chain(versions["3.0"], "1.0", versions.get)
    assert [c.version for c in chain] == ["1.0", "2.0", "3.0"]
    assert [c.version for c in version_chain(versions["3.0"], "3.0", versions.get)] == ["3.0"]


@pytest.mark.parametrize(("specs", "start", "message"), [
    ([("2.0", "1.0"), ("3.0", "2.0")], "1.0",
     "mini 2.0 supersedes 1.0, which was not found; add that version with --checklists DIR"),
    ([("1.0", None), ("3.0", "1.0")], "0.9",
     "mini 3.0 does not descend from 0.9 (its line of versions: 3.0, 1.0); declare the version each one replaces "
     "under 'supersedes'"),
    ([("2.0", "3.0"), ("3.0", "2.0")], "1.0", "the 'supersedes' versions of mini go round in a circle at 3.0"),
])
def test_broken_chains_say_why(specs: list[tuple[str, str | None]], start: str, message: str) -> None:
    versions = chain_of(*specs)
    with pytest.raises(ChainError) as info:
        version_chain(versions["3.0"], start, versions.get)
    assert str(info.value) == message
