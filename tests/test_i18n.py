"""Translations: language tags, per-item fallback to English and its count, and the shipped norm translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from normcheck.catalog import Catalog
from normcheck.i18n import Fallback, check_locale, language_name, localise, pick

from builders import checklist, five_tiers, norm_set

REGIONAL = ["id", "ms", "th", "vi", "km", "lo", "my", "fil", "tet", "pt"]


@pytest.mark.parametrize("tag", [*REGIONAL, "pt-TL", "zh-Hant", "en"])
def test_the_regional_languages_are_valid_tags(tag: str) -> None:
    assert check_locale(tag) == tag


@pytest.mark.parametrize(("value", "message"), [
    ("ID", "'ID' is not a language tag; write it as 'id'"),
    ("pt_tl", "'pt_tl' is not a language tag; write it as 'pt-TL'"),
    ("Vietnamese", "'Vietnamese' is not a language tag; did you mean 'vi' (Vietnamese)?"),
    ("Tetum", "'Tetum' is not a language tag; did you mean 'tet' (Tetum)?"),
    ("bahasa", "'bahasa' is not a language tag; use a code such as 'id', 'ms', 'th', 'vi', 'km', 'lo', 'my', 'fil', "
     "'tet' or 'pt'"),
])
def test_a_wrong_tag_gets_a_hint(value: str, message: str) -> None:
    with pytest.raises(ValueError) as info:  # noqa: PT011 - the exact message is asserted below
        check_locale(value)
    assert str(info.value) == message


def test_language_names() -> None:
    assert [language_name(t) for t in ("id", "ms", "my", "fil", "tet", "pt-TL", "xx")] == [
        "Indonesian", "Malay", "Burmese", "Filipino", "Tetum", "Portuguese (pt-TL)", "xx"]


def test_a_regional_variant_falls_back_to_its_language() -> None:
    assert pick({"pt": 1}, "pt-TL") == 1
    assert pick({"pt-TL": 2, "pt": 1}, "pt-TL") == 2
    assert pick({"pt": 1}, "tet") is None


def test_each_item_falls_back_to_english_and_the_fallbacks_are_counted() -> None:
    items = five_tiers("a")
    items[0]["translations"] = {"th": {"text": "ดำเนินการ a10", "guidance": "เอกสาร"}}
    items[1]["translations"] = {"th": {"text": "ดำเนินการ a20"}}  # guidance missing: counts as a fallback
    norms = norm_set("a").model_dump()
    norms["norms"][0]["translations"] = {"th": {"title": "บรรทัดฐาน a"}}
    from normcheck.models.checklist import NormSet

    localised = localise(checklist(items), NormSet.model_validate(norms), "th")
    texts = [(i.text, i.guidance) for i in localised.checklist.items[:3]]
    assert texts == [("ดำเนินการ a10", "เอกสาร"), ("ดำเนินการ a20", "A document."), ("Do a30.", "A document.")]
    assert localised.norms.norms[0].title == "บรรทัดฐาน a"
    assert localised.norms.norms[0].summary == "Summary."
    assert localised.fallback == Fallback("th", 4, 5, 1, 1)
    assert localised.fallback.message() == (
        "Thai: 4 of 5 item(s) and 1 of 1 norm(s) fell back to English (no translation, or only part of one)")


def test_english_needs_no_fallback() -> None:
    localised = localise(checklist(five_tiers("a")), norm_set("a"), "en")
    assert localised.fallback.message() is None


def test_the_shipped_norm_titles_are_translated_into_two_regional_languages(catalog: Catalog, repo: Path) -> None:
    norms = catalog.norm_sets["un-gge-2015-norms"].value
    assert norms.locales == ["id", "vi"]
    for norm in norms.norms:
        for lang in ("id", "vi"):
            assert norm.translations[lang].title, (norm.id, lang)
            assert norm.translations[lang].summary, (norm.id, lang)
    assert norms.by_id()["g"].translations["id"].title == "Melindungi infrastruktur kritis nasional dari ancaman TIK"
    assert norms.by_id()["a"].translations["vi"].title == "Hợp tác để việc sử dụng CNTT-TT ổn định và an toàn"
    text = (repo / "checklists" / "norms.yaml").read_text(encoding="utf-8")
    assert "have them reviewed by a native-speaking" in text
    assert "BSSN (Badan Siber dan Sandi Negara)" in text


def test_the_shipped_checklists_fall_back_item_by_item(catalog: Catalog) -> None:
    found = catalog.checklists[("asean-nic", "2024.1")].value
    localised = localise(found, catalog.norm_sets[found.norms].value, "id")
    assert localised.fallback == Fallback("id", 88, 88, 0, 11)
    assert localised.checklist.items[0].text == found.items[0].text
    assert localised.norms.by_id()["k"].title.startswith("Tidak merugikan tim tanggap insiden")
