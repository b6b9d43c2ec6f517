"""Cross-field checks of checklists and maturity models."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from normcheck.catalog import Catalog
from normcheck.checking import validate_paths
from normcheck.errors import InputError


def checklist_text(items: list[dict[str, object]], **extra: object) -> str:
    data = {
        "kind": "checklist",
        "id": "mini",
        "version": "1",
        "title": "Mini",
        "description": "Test.",
        "norms": "un-gge-2015-norms",
        "id_pattern": "^mini-[a-k]-[0-9]{2}$",
        "source": {"document": "tests"},
        **extra,
        "items": items,
    }
    return yaml.safe_dump(data, sort_keys=False)


def item(item_id: str, norm: str, tier: int) -> dict[str, object]:
    return {
        "id": item_id,
        "norm": norm,
        "tier": tier,
        "category": "policy",
        "text": f"Do {item_id}.",
        "guidance": "Doc.",
        "source": {"document": "A/76/135"},
    }


def full_norm(norm: str) -> list[dict[str, object]]:
    return [item(f"mini-{norm}-0{t}", norm, t) for t in range(1, 6)]


def messages(tmp_path: Path, text: str, catalog: Catalog, today) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    report = validate_paths([path], catalog, today)
    return [str(i).replace(str(tmp_path) + "/", "") for i in report.issues]


def test_a_complete_checklist_passes(tmp_path: Path, catalog: Catalog, today) -> None:
    assert messages(tmp_path, checklist_text(full_norm("a")), catalog, today) == []


def test_a_norm_missing_a_tier_is_an_error(tmp_path: Path, catalog: Catalog, today) -> None:
    items = full_norm("a")[:3] + full_norm("b")
    assert messages(tmp_path, checklist_text(items), catalog, today) == [
        "mini.yaml:12:9: items[0].norm: norm (a) has no item at tier 4, 5; every norm needs at least one item at "
        "each tier 1-5 so that its stage can rise one step at a time"
    ]


def test_duplicate_ids_and_pattern_mismatch(tmp_path: Path, catalog: Catalog, today) -> None:
    items = [*full_norm("a"), item("mini-a-01", "a", 2), item("mini-a-9", "a", 3)]
    found = messages(tmp_path, checklist_text(items), catalog, today)
    assert any("item id 'mini-a-01' is used twice (first at items[0]); every id must be unique" in m for m in found)
    assert (
        "mini.yaml:59:7: items[6].id: item id 'mini-a-9' does not match the id_pattern '^mini-[a-k]-[0-9]{2}$'" in found
    )


def test_unknown_norm_set(tmp_path: Path, catalog: Catalog, today) -> None:
    found = messages(tmp_path, checklist_text(full_norm("a"), norms="gge-2099"), catalog, today)
    assert found == ["mini.yaml:6:8: norms: unknown set of norms 'gge-2099' (known: un-gge-2015-norms)"]


def test_bad_regular_expression(tmp_path: Path, catalog: Catalog, today) -> None:
    found = messages(tmp_path, checklist_text(full_norm("a"), id_pattern="^(mini"), catalog, today)
    assert len(found) == 1
    assert "id_pattern: not a valid regular expression" in found[0]


def test_tier_out_of_range_and_negative_weight(tmp_path: Path, catalog: Catalog, today) -> None:
    items = full_norm("a")
    items[0] = {**items[0], "tier": 6, "weight": -1}
    found = messages(tmp_path, checklist_text(items), catalog, today)
    assert "items[0].tier: 6 is out of range; it must be at most 5" in found[0]
    assert "items[0].weight: -1 is out of range; it must be greater than 0" in found[1]


def test_a_model_whose_credits_fall_is_an_error(tmp_path: Path, repo: Path, catalog: Catalog, today) -> None:
    text = (repo / "checklists" / "maturity-model.yaml").read_text(encoding="utf-8")
    text = text.replace("    credit: 0.75", "    credit: 0.4")
    found = messages(tmp_path, text, catalog, today)
    assert found == [
        "mini.yaml:65:13: statuses.largely.credit: credit 0.4 is below partial's 0.5; credits must not fall as status "
        "rises"
    ]


def test_folders_are_searched_recursively(tmp_path: Path, catalog: Catalog, today) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yml").write_text(checklist_text(full_norm("a")), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    report = validate_paths([tmp_path], catalog, today)
    assert (report.files, report.errors) == (1, 0)


def test_an_empty_folder_is_an_error(tmp_path: Path, catalog: Catalog, today) -> None:
    with pytest.raises(InputError, match="no YAML files found"):
        validate_paths([tmp_path], catalog, today)


def test_a_local_folder_overrides_the_shipped_model(tmp_path: Path, repo: Path) -> None:
    text = (repo / "checklists" / "maturity-model.yaml").read_text(encoding="utf-8")
    (tmp_path / "model.yaml").write_text(text.replace("name: Established", "name: Consolidated"), encoding="utf-8")
    catalog = Catalog.discover([tmp_path])
    assert catalog.model().stage_name(3) == "Consolidated"
    assert catalog.origin[str(tmp_path / "model.yaml")] == "local"


def test_errors_in_a_local_folder_stop_discovery(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(textwrap.dedent("kind: checklist\nid: x\n"), encoding="utf-8")
    with pytest.raises(InputError, match="required field 'version' is missing"):
        Catalog.discover([tmp_path])
