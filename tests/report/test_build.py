"""Loading what a report is built from: entries in the language asked for."""

from __future__ import annotations

from collections.abc import Callable

from normcheck.report.build import in_language
from normcheck.report.entries import Entry


def test_entries_in_a_language_share_one_translated_checklist(load: Callable[..., list[Entry]]) -> None:
    entries = load("asean/sgp-2024.yaml", "asean/tha-2023.yaml", "asean/tha-2024.yaml")
    localised, fallback = in_language(entries, "id")
    assert fallback is not None
    assert fallback.lang == "id"
    assert len({id(e.subject.checklist) for e in localised}) == 1
    assert localised[0].subject.checklist is not entries[0].subject.checklist
    titles = {n.id: n.title for n in localised[0].card.norms}
    assert titles["f"] != {n.id: n.title for n in entries[0].card.norms}["f"]  # norm titles ship in Indonesian
    assert [e.card.overall for e in localised] == [e.card.overall for e in entries]  # the language changes no score


def test_english_entries_are_returned_as_they_are(load: Callable[..., list[Entry]]) -> None:
    entries = load("asean/sgp-2024.yaml")
    assert in_language(entries, "en") == (entries, None)
