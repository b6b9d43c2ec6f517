"""`checklist diff` on a pair of versions with every kind of change, in both output formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from normcheck.checklist_diff import DiffFormat, diff_checklists, render_diff
from normcheck.loading import load_as
from normcheck.models.checklist import Checklist

VERSIONS = Path(__file__).parent / "data" / "versions"
OLD = load_as(VERSIONS / "mini-1.0.yaml", Checklist).value
NEW = load_as(VERSIONS / "mini-2.0.yaml", Checklist).value

MARKDOWN = """\
## Checklist mini: changes from 1.0 to 2.0

1 added, 1 removed, 1 renamed, 1 split, 1 merged, 1 reworded, 1 re-tiered, 1 re-weighted, 2 other changes.

### Mapping of item ids

| Change | From (1.0) | To (2.0) | What happens to answers |
| --- | --- | --- | --- |
| renamed | mini-a-03 | mini-a-13 | carried over unchanged |
| split | mini-b-02 | mini-b-02, mini-b-12 | copied to each part and marked for review |
| merged | mini-c-02, mini-c-06 | mini-c-02 | lowest status and all evidence kept, marked for review |
| removed | mini-b-06 | - | kept under retired\\_responses, not scored. Reason: It repeated mini-b-03. |

### Added items (unanswered after migration)

| Item | Norm | Tier | Action |
| --- | --- | --- | --- |
| mini-a-06 | (a) | 4 | Review the whole programme every two years. |

### Removed items

| Item | Norm | Tier | Action |
| --- | --- | --- | --- |
| mini-b-06 | (b) | 3 | Carry out action mini-b-06. |

### Reworded items

| Item | Before | After |
| --- | --- | --- |
| mini-a-01 | Carry out action mini-a-01. | Carry out action mini-a-01, and publish it. |

### Re-tiered items (the stage they evidence)

| Item | Norm | Before | After |
| --- | --- | --- | --- |
| mini-a-04 | (a) | 4 | 3 |

### Re-weighted items

| Item | Norm | Before | After |
| --- | --- | --- | --- |
| mini-b-04 | (b) | 1 | 2 |

### Other changes

| Item | Field | Before | After |
| --- | --- | --- | --- |
| mini-c-03 | category | political | legal |
| mini-c-05 | guidance | A record showing mini-c-05 is done. | Minutes of the meeting that decided it. |
"""


def test_every_kind_of_change_is_counted() -> None:
    diff = diff_checklists(OLD, NEW)
    assert diff.declared
    assert diff.summary() == (
        "1 added, 1 removed, 1 renamed, 1 split, 1 merged, 1 reworded, 1 re-tiered, 1 re-weighted, 2 other changes."
    )


def test_markdown_for_workshop_minutes() -> None:
    assert render_diff(diff_checklists(OLD, NEW), DiffFormat.MD) == MARKDOWN


def test_terminal_table_has_every_section() -> None:
    text = render_diff(diff_checklists(OLD, NEW), DiffFormat.TABLE, width=140)
    assert text.startswith("Checklist mini: changes from 1.0 to 2.0\n1 added, 1 removed,")
    for title in ("Mapping of item ids", "Added items", "Removed items", "Reworded items", "Re-tiered items",
                  "Re-weighted items", "Other changes"):
        assert title in text
    assert "mini-c-02, mini-c-06" in text
    assert "It repeated mini-b-03." in text


@pytest.mark.parametrize("fmt", list(DiffFormat))
def test_identical_versions_have_no_changes(fmt: DiffFormat) -> None:
    same = OLD.model_copy(update={"version": "1.1"})
    text = render_diff(diff_checklists(OLD, same), fmt)
    assert "No changes to the items." in text
    assert "1.1 does not declare that it supersedes 1.0" in text


def test_markdown_cells_cannot_break_the_table_or_inject_html() -> None:
    items = [i.model_copy(update={"text": "Use a | b <script>x</script> *now*"}) if i.id == "mini-a-01" else i
             for i in NEW.items]
    text = render_diff(diff_checklists(OLD, NEW.model_copy(update={"items": items})), DiffFormat.MD)
    assert "| mini-a-01 | Carry out action mini-a-01. | Use a \\| b &lt;script>x&lt;/script> \\*now\\* |" in text


def test_checklist_details_that_changed_are_listed() -> None:
    renamed = NEW.model_copy(update={"title": "Mini checklist, second edition", "locales": ["id"]})
    text = render_diff(diff_checklists(OLD, renamed), DiffFormat.MD)
    assert "| title | Mini checklist | Mini checklist, second edition |" in text
    assert "| locales | - | id |" in text
