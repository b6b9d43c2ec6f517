"""`checklist lint`: each authoring rule on its own, with the exact message and position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from normcheck.catalog import Catalog
from normcheck.lint import lint_paths

VERSIONS = Path(__file__).parent / "data" / "versions"


def item(item_id: str, norm: str, tier: int, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "norm": norm, "tier": tier, "category": "policy", "text": f"Do {item_id}.",
            "guidance": f"A record of {item_id}.", "source": {"document": "A/76/135", "locator": "para 1"}, **extra}


def full_norm(norm: str) -> list[dict[str, Any]]:
    return [item(f"mini-{norm}-0{t}", norm, t) for t in range(1, 6)]


def head(**extra: Any) -> dict[str, Any]:
    return {"kind": "checklist", "id": "mini", "version": "1", "title": "Mini", "description": "Test.",
            "norms": "un-gge-2015-norms", "id_pattern": "^mini-[a-k]-[0-9]{2}$", "source": {"document": "tests"},
            **extra}


ALL_NORMS = [i for n in "abcdefghijk" for i in full_norm(n)]


def lint(tmp_path: Path, catalog: Catalog, data: dict[str, Any], name: str = "mini.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return [str(i).replace(str(tmp_path) + "/", "") for i in lint_paths([path], catalog).issues]


def test_the_shipped_content_lints_clean(catalog: Catalog, repo: Path) -> None:
    report = lint_paths([repo / "checklists"], catalog)
    assert report.files == 4
    assert [str(i) for i in report.issues] == []


def test_a_complete_checklist_lints_clean(tmp_path: Path, catalog: Catalog) -> None:
    assert lint(tmp_path, catalog, {**head(), "items": ALL_NORMS}) == []


def test_every_norm_needs_every_tier(tmp_path: Path, catalog: Catalog) -> None:
    items = [i for i in ALL_NORMS if i["id"] != "mini-c-03"]
    assert lint(tmp_path, catalog, {**head(), "items": items}) == [
        "mini.yaml:102:9: items[10].norm: norm (c) has no item at tier 3; every norm needs at least one item at each "
        "tier 1-5 so that its stage can rise one step at a time",
    ]


def test_norms_of_the_set_without_items_are_a_warning(tmp_path: Path, catalog: Catalog) -> None:
    assert lint(tmp_path, catalog, {**head(), "items": full_norm("a")}) == [
        "mini.yaml:6:8: warning: norms: no items for norm (b), (c), (d), (e), (f), (g), (h), (i), (j), (k) of "
        "un-gge-2015-norms; those norms will not be rated",
    ]


def test_ids_follow_the_pattern_and_are_unique(tmp_path: Path, catalog: Catalog) -> None:
    items = [*ALL_NORMS, item("mini-a-01", "a", 2, text="Another."), item("mini-a-9", "a", 2, text="A third.")]
    found = lint(tmp_path, catalog, {**head(), "items": items})
    assert found == [
        "mini.yaml:506:7: items[55].id: item id 'mini-a-01' is used twice (first at items[0]); every id must be "
        "unique",
        "mini.yaml:515:7: items[56].id: item id 'mini-a-9' does not match the id_pattern '^mini-[a-k]-[0-9]{2}$'",
    ]


def test_no_id_pattern_is_a_warning(tmp_path: Path, catalog: Catalog) -> None:
    data = {**head(), "items": ALL_NORMS}
    del data["id_pattern"]
    assert lint(tmp_path, catalog, data) == [
        "mini.yaml:2:5: warning: id: no id_pattern is declared; add one (e.g. '^asean-[a-k]-[0-9]{2}$') so mistyped "
        "item ids are caught",
    ]


def test_no_two_items_share_a_text(tmp_path: Path, catalog: Catalog) -> None:
    items = [dict(i) for i in ALL_NORMS]
    items[7]["text"] = "  do   MINI-A-01 "
    assert lint(tmp_path, catalog, {**head(), "items": items}) == [
        "mini.yaml:78:9: items[7].text: the same text as items[0] (mini-a-01); two items must not ask for the same "
        "action - reword one or remove it",
    ]


def test_guidance_and_source_are_required_and_checked(tmp_path: Path, catalog: Catalog) -> None:
    items = [dict(i) for i in ALL_NORMS]
    del items[0]["guidance"]
    items[1]["guidance"] = items[1]["text"]
    items[2]["source"] = {"document": "TODO"}
    del items[3]["source"]
    assert lint(tmp_path, catalog, {**head(), "items": items}) == [
        "mini.yaml:11:3: items[0].guidance: required field 'guidance' is missing; add it",
        "mini.yaml:36:3: items[3].source: required field 'source' is missing; add it",
    ]
    del items[3]
    items[0]["guidance"] = "A record."
    items.append(item("mini-a-06", "a", 4))
    assert lint(tmp_path, catalog, {**head(), "items": items}) == [
        "mini.yaml:25:13: warning: items[1].guidance: the guidance repeats the text; say what evidence shows the "
        "action is done",
        "mini.yaml:36:5: warning: items[2].source: looks like a placeholder ('TODO'); write the real content before "
        "the checklist is used",
        "mini.yaml:36:5: warning: items[2].source: the source has no locator; give the paragraph or section so "
        "readers can check it",
    ]


def test_categories_must_be_known(tmp_path: Path, catalog: Catalog) -> None:
    items = [dict(i) for i in ALL_NORMS]
    items[0]["category"] = "legislative"
    assert lint(tmp_path, catalog, {**head(), "items": items}) == [
        "mini.yaml:14:13: items[0].category: 'legislative' is not allowed; expected one of: political, policy, "
        "legal, institutional, technical, cooperation, capacity-building",
    ]
    items[0]["category"] = "cooperaton"
    assert lint(tmp_path, catalog, {**head(), "items": items})[0].endswith("; did you mean 'cooperation'?")


def test_translations_are_complete_for_the_declared_locales(tmp_path: Path, catalog: Catalog) -> None:
    items = [dict(i) for i in ALL_NORMS]
    for i in items:
        i["translations"] = {"id": {"text": "Teks.", "guidance": "Panduan."}, "vi": {"text": "Văn bản.",
                                                                                    "guidance": "Hướng dẫn."}}
    items[1]["translations"] = {"id": {"text": "Teks."}}
    items[2]["translations"]["th"] = {"text": "ข้อความ"}
    data = {**head(locales=["id", "vi"], translations={"id": {"title": "Mini", "description": "Uji."},
                                                       "vi": {"title": "Mini"}}), "items": items}
    assert lint(tmp_path, catalog, data) == [
        "mini.yaml:17:3: warning: translations.vi: no 'vi' translation of the checklist description; the file "
        "declares 'vi' under locales, so it should be complete",
        "mini.yaml:45:3: warning: items[1].translations: no 'vi' translation of the item mini-a-02 text and guidance; "
        "the file declares 'vi' under locales, so it should be complete",
        "mini.yaml:46:5: warning: items[1].translations.id: no 'id' translation of the item mini-a-02 guidance; the "
        "file declares 'id' under locales, so it should be complete",
        "mini.yaml:64:5: warning: items[2].translations.th: a translation into 'th', which is not listed under "
        "locales; add it there so lint checks it is complete",
    ]


def test_locales_are_language_tags_listed_once(tmp_path: Path, catalog: Catalog) -> None:
    items = [{**i, "translations": {"id": {"text": f"Teks {i['id']}.", "guidance": "Panduan."}}} for i in ALL_NORMS]
    data = {**head(locales=["id", "id", "en"], translations={"id": {"title": "Mini", "description": "Uji."}}),
            "items": items}
    assert lint(tmp_path, catalog, data) == [
        "mini.yaml:12:3: warning: locales[1]: 'id' is listed twice",
        "mini.yaml:13:3: warning: locales[2]: 'en' is the language the file is written in; list only the "
        "translations",
    ]
    data = {**head(locales=["Indonesian", "pt_TL"]), "items": ALL_NORMS}
    assert lint(tmp_path, catalog, data) == [
        "mini.yaml:11:3: locales[0]: 'Indonesian' is not a language tag; did you mean 'id' (Indonesian)?",
        "mini.yaml:12:3: locales[1]: 'pt_TL' is not a language tag; write it as 'pt-TL'",
    ]


def test_norm_translations_are_checked_in_norms_files(tmp_path: Path, catalog: Catalog, repo: Path) -> None:
    data = yaml.safe_load((repo / "checklists" / "norms.yaml").read_text(encoding="utf-8"))
    data["id"] = "test-norms"
    data["locales"] = ["id", "vi", "th"]
    data["norms"][3]["translations"]["vi"].pop("summary")
    found = lint(tmp_path, catalog, data, "norms.yaml")
    assert found[0] == ("norms.yaml:23:3: warning: norms[0].translations: no 'th' translation of the norm (a) title "
                        "and summary; the file declares 'th' under locales, so it should be complete")
    assert len(found) == 12
    assert ("norms.yaml:107:5: warning: norms[3].translations.vi: no 'vi' translation of the norm (d) summary; the "
            "file declares 'vi' under locales, so it should be complete") in found


def test_the_mapping_is_checked_against_the_old_version_when_found(tmp_path: Path, catalog: Catalog) -> None:
    new = yaml.safe_load((VERSIONS / "mini-2.0.yaml").read_text(encoding="utf-8"))
    new["supersedes"]["changes"].pop()  # forget the removed item
    path = tmp_path / "mini-2.0.yaml"
    path.write_text(yaml.safe_dump(new, sort_keys=False), encoding="utf-8")
    old = VERSIONS / "mini-1.0.yaml"
    messages = [i.message for i in lint_paths([old, path], catalog).issues if i.path == str(path)]
    assert ("item 'mini-b-06' of 1.0 is not in 2.0 and no change accounts for it; add a renamed, split, merged or "
            "removed entry so its answers are not lost") in messages
    alone = [str(i).replace(str(tmp_path) + "/", "") for i in lint_paths([path], catalog).issues]
    assert ("mini-2.0.yaml:11:12: warning: supersedes.version: mini 1.0 was not found, so the mapping could not be "
            "checked against it; lint its file too, or pass --checklists DIR") in alone


def test_an_assessment_is_not_linted(tmp_path: Path, catalog: Catalog, repo: Path) -> None:
    source = repo / "assessments" / "asean" / "tha-2025-06.yaml"
    path = tmp_path / "tha.yaml"
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert [str(i).replace(str(tmp_path) + "/", "") for i in lint_paths([path], catalog).issues] == [
        "tha.yaml:4:7: kind: lint checks checklists and norms files; check assessments with `normcheck validate`",
    ]


@pytest.mark.parametrize("locale", ["id", "ms", "th", "vi", "km", "lo", "my", "fil", "tet", "pt", "pt-TL"])
def test_every_regional_language_is_expressible(tmp_path: Path, catalog: Catalog, locale: str) -> None:
    text = {"th": "ดำเนินการ", "km": "អនុវត្ត", "lo": "ດຳເນີນການ", "my": "ဆောင်ရွက်ရန်"}.get(locale, "Teks.")
    items = [{**i, "translations": {locale: {"text": f"{text} {i['id']}", "guidance": text}}} for i in ALL_NORMS]
    data = {**head(locales=[locale], translations={locale: {"title": text, "description": text}}), "items": items}
    assert lint(tmp_path, catalog, data) == []
