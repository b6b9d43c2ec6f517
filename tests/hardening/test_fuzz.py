"""Fuzzing the loader and validator: whatever the bytes, the only exception that escapes is InputError."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normcheck.catalog import Catalog
from normcheck.errors import InputError
from normcheck.resolve import load_subject

REPO = Path(__file__).resolve().parents[2]
SEED_TEXT = (REPO / "assessments" / "asean" / "khm-2023-03.yaml").read_text(encoding="utf-8")
SEED = yaml.safe_load(SEED_TEXT)
CATALOG = Catalog.discover()
TODAY = dt.date(2026, 11, 22)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(
        [
            "yes",
            "full",
            "not_applicable",
            "THA",
            "2024.1",
            "<script>",
            "{{ x }}",
            '=HYPERLINK("http://x")',
            "\u202e",
            "",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(SEED)


def mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    else:
        parent[last] = value
    return data


def check(text: str | bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text)
    try:
        subject = load_subject(path, CATALOG, TODAY)
    except InputError as exc:
        issues = exc.issues
    else:
        subject.score()
        return
    assert issues, "an InputError must carry at least one issue"
    assert all(issue.line >= 1 and issue.col >= 1 for issue in issues)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete", "rename"]), values),
        min_size=1,
        max_size=4,
    )
)
def test_structural_mutations(tmp_path: Path, mutations: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    data = copy.deepcopy(SEED)
    for path, action, value in mutations:
        try:
            data = mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    check(yaml.safe_dump(data, allow_unicode=True), tmp_path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(SEED_TEXT)), st.integers(0, 40), st.binary(max_size=12))
def test_byte_level_mutations(tmp_path: Path, at: int, cut: int, insert: bytes) -> None:
    raw = SEED_TEXT.encode("utf-8")
    check(raw[:at] + insert + raw[at + cut :], tmp_path)


# YAML that the reader refuses but reads past (explicit tags it cannot honour, merge keys, keys that are not
# plain values) or that changes the shape around it (anchors, aliases, flow collections).
FRAGMENTS = [
    "!!bool maybe", "!!timestamp soon", "!!int twelve", "!!float x", "!!str 12", "!!null x", "!include x.yaml",
    "!!python/name:os.system", "!!set {a, b}", "&a x", "*a", "&b [1, *b]", "{<<: {x: 1}}", "{? [a]: b}",
    "[a, {b: c}]", "{}", "[]", "~", "''", "'\u202e'", '"\\e[31m"', "2025-02-30", "1e999", ".nan",
]
LINES = SEED_TEXT.splitlines()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.sampled_from(FRAGMENTS)), min_size=1, max_size=4))
def test_fragment_mutations(tmp_path: Path, edits: list[tuple[int, str]]) -> None:
    # A value replaced by a fragment, so the reader's problems and the schema's meet in one document.
    lines = list(LINES)
    for index, fragment in edits:
        key, sep, _ = lines[index].partition(": ")
        lines[index] = f"{key}: {fragment}" if sep else f"{lines[index]} {fragment}"
    check("\n".join(lines) + "\n", tmp_path)
