"""The shipped content meets the promises the README makes about it."""

from __future__ import annotations

from collections import Counter

import pytest

from normcheck.catalog import Catalog
from normcheck.models.checklist import NORM_IDS, TIERS, Category

SHIPPED = [("asean-nic", "2024.1"), ("un-norms", "1.0")]


@pytest.mark.parametrize("key", SHIPPED)
def test_every_norm_has_six_items_and_every_tier(catalog: Catalog, key: tuple[str, str]) -> None:
    checklist = catalog.checklists[key].value
    assert checklist.norm_ids() == list(NORM_IDS)
    for norm in NORM_IDS:
        items = checklist.items_of(norm)
        assert len(items) >= 6, norm
        assert {i.tier for i in items} == set(TIERS), norm


@pytest.mark.parametrize("key", SHIPPED)
def test_every_category_is_used_and_texts_are_unique(catalog: Catalog, key: tuple[str, str]) -> None:
    checklist = catalog.checklists[key].value
    assert {i.category for i in checklist.items} == set(Category)
    texts = Counter(" ".join(i.text.lower().split()) for i in checklist.items)
    assert [t for t, n in texts.items() if n > 1] == []
    assert all(i.source.document and i.guidance for i in checklist.items)


def test_the_asean_edition_says_it_is_not_the_official_text(catalog: Catalog) -> None:
    checklist = catalog.checklists[("asean-nic", "2024.1")].value
    note = (checklist.edition_note or "").lower()
    assert "not" in note
    assert "official" in note
    assert "replace" in note


def test_the_asean_edition_includes_the_publicly_known_examples(catalog: Catalog) -> None:
    checklist = catalog.checklists[("asean-nic", "2024.1")].value
    f_text = " ".join(i.text.lower() for i in checklist.items_of("f"))
    d_text = " ".join(i.text.lower() for i in checklist.items_of("d"))
    assert "statement" in f_text
    assert "guideline" in f_text
    assert "contact" in d_text
    assert "directory" in d_text


def test_the_norms_are_the_eleven_of_a_70_174(catalog: Catalog) -> None:
    norms = catalog.norm_sets["un-gge-2015-norms"].value
    assert [n.id for n in norms.norms] == list(NORM_IDS)
    assert all(n.source.document == "A/70/174" and n.source.locator == f"para 13({n.id})" for n in norms.norms)


def test_the_model_names_itself_as_normcheck_design(catalog: Catalog) -> None:
    model = catalog.model()
    assert "normcheck" in model.description
    assert [s.name for s in model.stages] == [
        "Not started",
        "Initial",
        "Formative",
        "Established",
        "Strategic",
        "Dynamic",
    ]
    assert [model.statuses.get(s).credit for s in ("not_started", "planned", "partial", "largely", "full")] == [
        0.0,
        0.25,
        0.5,
        0.75,
        1.0,
    ]


def test_every_shipped_yaml_file_has_the_schema_header(repo) -> None:  # type: ignore[no-untyped-def]
    files = sorted((repo / "checklists").glob("*.yaml")) + sorted((repo / "assessments").rglob("*.yaml"))
    assert files
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), path
