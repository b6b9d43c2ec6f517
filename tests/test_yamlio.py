"""The safe YAML reader: positions, and every construct it refuses, with the exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from normcheck import yamlio
from normcheck.errors import InputError


def problems(text: str | bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(InputError) as info:
        yamlio.load(path)
    return [str(i).replace(str(tmp_path) + "/", "") for i in info.value.issues]


def test_records_value_and_key_positions() -> None:
    doc = yamlio.parse("a: 1\nb:\n  - x\n  - {c: 2025-01-02}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": dt.date(2025, 1, 2)}]}
    assert doc.position(("b", 1, "c")) == (4, 9)
    assert doc.position(("b", 1, "c"), key=True) == (4, 6)
    assert doc.position(("b", 0)) == (3, 5)
    assert doc.position(("b", 1, "missing")) == (4, 5)


def test_duplicate_keys_are_errors_not_silently_merged(tmp_path: Path) -> None:
    text = "responses:\n  x-01: {status: full}\n  x-02: {status: partial}\n  x-01: {status: planned}\n"
    assert problems(text, tmp_path) == [
        "f.yaml:4:3: responses.x-01: duplicate key 'x-01' (first at line 2); YAML would silently keep only the "
        "last one - merge the two entries"
    ]


def test_every_duplicate_is_reported_at_once(tmp_path: Path) -> None:
    found = problems("a: 1\na: 2\nb: {c: 1, c: 2}\n", tmp_path)
    assert [f.split(": ")[0] for f in found] == ["f.yaml:2:1", "f.yaml:3:11"]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    assert problems("x: !!python/object/apply:os.system ['echo hi']\n", tmp_path) == [
        "f.yaml:1:4: x: the tag 'tag:yaml.org,2002:python/object/apply:os.system' would run Python code and is "
        "refused; normcheck reads plain YAML only"
    ]


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    assert problems("x: !secret abc\n", tmp_path) == [
        "f.yaml:1:4: x: the tag '!secret' is not allowed; normcheck reads plain YAML only (remove the tag)"
    ]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
        f"*a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 9)
    ]
    [message] = problems("\n".join(lines) + "\n", tmp_path)
    assert "expands to more than 500,000 values (an alias bomb?)" in message


def test_plain_aliases_still_work() -> None:
    doc = yamlio.parse("ev: &e {title: Act}\nother: *e\n", "f.yaml")
    assert doc.data["other"] == {"title": "Act"}


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    assert problems("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n", tmp_path) == [
        "f.yaml:3:3: item: merge keys ('<<') are not supported; write the keys out"
    ]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(yamlio.MAX_BYTES + 1)
    with pytest.raises(InputError) as info:
        yamlio.load(path)
    assert "the file is 8.0 MiB; normcheck reads files up to 8 MiB" in str(info.value)


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    assert problems(b"a: ok\nb: caf\xe9\n", tmp_path) == [
        "f.yaml:2:7: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]


def test_utf16_files_get_a_clear_message(tmp_path: Path) -> None:
    assert problems("a: 1\n".encode("utf-16"), tmp_path) == [
        "f.yaml:1:1: the file is saved as UTF-16; save it as UTF-8 and try again"
    ]


def test_utf8_bom_is_accepted() -> None:
    assert yamlio.decode(b"\xef\xbb\xbfa: 1\n", "f") == "a: 1\n"


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    assert problems(b"a: 1\nb: x\x00y\n", tmp_path) == [
        "f.yaml:2:5: the file contains a NUL byte; is it a binary file?"
    ]


def test_tabs_in_indentation_get_a_clear_message(tmp_path: Path) -> None:
    assert problems("a:\n\tb: 1\n", tmp_path) == ["f.yaml:2:1: a tab character here; YAML indentation must use spaces"]


def test_syntax_errors_carry_line_and_column(tmp_path: Path) -> None:
    [message] = problems("a: [1, 2\nb: 3\n", tmp_path)
    assert message.startswith("f.yaml:2:2: YAML syntax error:")


def test_empty_file(tmp_path: Path) -> None:
    assert problems("# nothing\n", tmp_path) == ["f.yaml:1:1: the file is empty"]


def test_several_documents_are_refused(tmp_path: Path) -> None:
    [message] = problems("a: 1\n---\nb: 2\n", tmp_path)
    assert "more than one YAML document" in message


def test_unquoted_yes_is_remembered_for_hints() -> None:
    doc = yamlio.parse("notes: yes\nversion: 1.0\n", "f.yaml")
    assert doc.data == {"notes": True, "version": 1.0}
    assert doc.plain_scalar(("notes",)) == "yes"
    assert doc.plain_scalar(("version",)) == "1.0"
    assert doc.plain_scalar(("missing",)) is None


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    [message] = problems("a: " + "[" * 100 + "]" * 100 + "\n", tmp_path)
    assert "nesting deeper than 64 levels" in message


def test_dump_round_trips_unicode() -> None:
    data = {"name": "ກຳປູເຈຍ", "items": [{"a": 1}]}
    assert yamlio.parse(yamlio.dump(data), "x").data == data


# Text YAML can carry (no control characters, which the reader refuses, and no lone surrogates), weighted
# towards what YAML treats specially: spaces at either end, line breaks, indicators, words it would not read
# as text.
_TEXT = st.text(st.sampled_from(" \t\nab:#-'\"&*!|>%@`,[]{}") | st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=40) | st.sampled_from(
    ["yes", "No", "null", "~", "1.0", "0x1F", "2024-01-01", "2024-01-01 10:00:00", " x ", "", "<<", "=", ".inf"])
_SCALARS = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False) | _TEXT | st.dates()
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=25,
).filter(lambda d: isinstance(d, dict | list))


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.sampled_from([None, '"', "'"]), st.booleans())
def test_the_reader_gives_the_data_pyyaml_gives(data: Any, style: str | None, flow: bool) -> None:
    # The builder takes a short path for plain strings; whatever the quoting and layout, it must agree with
    # PyYAML's own safe loader on every document both accept.
    text = yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=True)
    assert yamlio.parse(text, "x.yaml").data == yaml.safe_load(text)


def test_a_partial_parse_keeps_what_it_refused_and_marks_where() -> None:
    text = "a: !!bool maybe\nb: [1, !x 2]\n? !y k\n: 3\nc: fine\n"
    with pytest.raises(InputError):
        yamlio.parse(text, "f.yaml")
    doc = yamlio.parse(text, "f.yaml", partial=True)
    assert doc.data == {"a": None, "b": [1, None], None: 3, "c": "fine"}
    assert [str(i) for i in doc.problems] == [
        "f.yaml:1:4: a: 'maybe' is not a valid bool",
        "f.yaml:2:8: b[1]: the tag '!x' is not allowed; normcheck reads plain YAML only (remove the tag)",
        "f.yaml:3:3: <key>: the tag '!y' is not allowed; normcheck reads plain YAML only (remove the tag)",
    ]
    assert doc.is_damaged(("a",))
    assert doc.is_damaged(("b", 1))
    assert doc.is_damaged((None,))
    assert not doc.is_damaged(("b", 0))
    assert not doc.is_damaged(("c",))
