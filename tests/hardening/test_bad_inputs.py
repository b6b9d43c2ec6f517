"""Every malformed or hostile input in tests/data/bad/ exits 3 with file:line:col and a fix, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from normcheck.cli import app

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"

# file, line, column, the message (or its start) normcheck must print for it
EXPECTED = [
    ("01-truncated-flow.yaml", 10, 1, "YAML syntax error: did not find expected ',' or '}' (while parsing a f"),
    ("02-truncated-mid-key.yaml", 13, 1, "YAML syntax error: did not find expected node content (while parsing a"),
    ("03-tab-indent.yaml", 10, 1, "a tab character here; YAML indentation must use spaces"),
    ("04-nul-byte.yaml", 9, 9, "the file contains a NUL byte; is it a binary file?"),
    ("05-latin1.yaml", 9, 18, "byte 0xe9 is not valid UTF-8; save the file as UTF-8"),
    ("06-utf16-bom.yaml", 1, 1, "the file is saved as UTF-16; save it as UTF-8 and try again"),
    ("07-empty.yaml", 1, 1, "the file is empty"),
    ("08-only-comments.yaml", 1, 1, "the file is empty"),
    ("09-two-documents.yaml", 9, 1, "the file holds more than one YAML document (a second '---'); keep one "),
    ("10-top-level-list.yaml", 1, 1, "the file must be a YAML mapping with a 'kind' key at the top"),
    ("11-top-level-scalar.yaml", 1, 1, "the file must be a YAML mapping with a 'kind' key at the top"),
    ("12-unknown-kind.yaml", 2, 7, "unknown kind 'assesment'; expected one of: norms, checklist, maturity_"),
    ("13-missing-kind.yaml", 2, 1, "missing 'kind'; add one of: norms, checklist, maturity_model, assessme"),
    ("14-python-tag.yaml", 9, 8, "the tag 'tag:yaml.org,2002:python/object/apply:os.system' would run Py"),
    ("15-custom-tag.yaml", 9, 8, "the tag '!include' is not allowed; normcheck reads plain YAML only (re"),
    ("16-merge-key.yaml", 12, 5, "merge keys ('<<') are not supported; write the keys out"),
    ("17-alias-bomb.yaml", 9, 34, "the document expands to more than 500,000 values (an alias bomb?); rem"),
    ("18-circular-alias.yaml", 9, 12, "an alias refers to a node that contains it; remove the circular alias"),
    ("19-deep-nesting.yaml", 9, 72, "nesting deeper than 64 levels; flatten the structure"),
    ("20-duplicate-top-key.yaml", 9, 1, "duplicate key 'country' (first at line 4); YAML would silently keep on"),
    ("21-duplicate-response.yaml", 12, 3, "duplicate key 'asean-a-01' (first at line 10); YAML would silently kee"),
    ("22-control-character.yaml", 9, 12, "control character U+0007 here; YAML does not allow it - delete it"),
    ("23-undefined-alias.yaml", 9, 12, "YAML syntax error: found undefined alias"),
    ("24-bad-indentation.yaml", 12, 5, "YAML syntax error: did not find expected key (while parsing a block ma"),
    ("25-complex-key.yaml", 10, 5, "a mapping key must be a plain value, not a list or mapping"),
    ("26-unclosed-quote.yaml", 10, 1, "YAML syntax error: found unexpected end of stream (while scanning a qu"),
    ("27-status-number.yaml", 10, 24, "'5' is not allowed; expected one of: not_started, planned, partial, la"),
    ("28-status-yes.yaml", 10, 24, "'yes' is not allowed; expected one of: not_started, planned, partial, "),
    ("29-status-typo.yaml", 10, 24, "'fully' is not allowed; expected one of: not_started, planned, partial"),
    ("30-responses-as-list.yaml", 10, 3, "expected a mapping (key: value lines), found a list"),
    ("31-evidence-as-string.yaml", 10, 40, "expected a list ('- ' lines or [a, b]), found the value 'the act'"),
    ("32-assessors-as-string.yaml", 7, 12, "expected a list ('- ' lines or [a, b]), found the value 'Team'"),
    ("33-unknown-top-key.yaml", 9, 1, "unknown field 'countrys'; did you mean 'country'?"),
    ("34-unknown-response-key.yaml", 10, 30, "unknown field 'evidense'; did you mean 'evidence'?"),
    ("35-unknown-evidence-key.yaml", 13, 55, "unknown field 'link' (allowed here: date, disclosure, reference, title"),
    ("36-missing-country.yaml", 2, 1, "required field 'country' is missing; add it"),
    ("37-missing-checklist.yaml", 2, 1, "required field 'checklist' is missing; add it"),
    ("38-invalid-country.yaml", 4, 10, "'ZZZ' is not an ISO 3166-1 alpha-3 country code"),
    ("39-alpha2-country.yaml", 4, 10, "'TH' is not an ISO 3166-1 alpha-3 country code; did you mean 'THA' (Th"),
    ("40-impossible-date.yaml", 5, 7, "'2025-13-01' is not a valid timestamp"),
    ("41-absurd-future-date.yaml", 5, 7, "9999-12-31 is not a plausible date here (expected a year from 2000 to "),
    ("42-absurd-past-date.yaml", 5, 7, "1066-10-14 is not a plausible date here (expected a year from 2000 to "),
    ("43-date-as-text.yaml", 5, 7, "'last June' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"),
    ("44-period-reversed.yaml", 9, 9, "the period ends (2025-01-01) before it starts (2025-12-31); swap the d"),
    ("45-bad-perspective.yaml", 6, 14, "'ministry' is not allowed; expected one of: government, private_sector"),
    ("46-illustrative-text.yaml", 8, 15, "'maybe' is not allowed; write true or false"),
    (
        "47-na-without-justification.yaml",
        10,
        15,
        "status not_applicable needs a 'justification' saying why the item does",
    ),
    ("48-evidence-without-source.yaml", 13, 9, "give a 'url' or a 'reference' so a reader can find this evidence"),
    ("49-url-file.yaml", 13, 27, "'file:///etc/passwd' is not an http(s) address; give a web address sta"),
    ("50-url-javascript.yaml", 13, 27, "'javascript:alert(1)' is not an http(s) address; give a web address st"),
    ("51-url-loopback.yaml", 13, 27, "'http://127.0.0.1:8080/act' points to a local or private address; evid"),
    ("52-url-private.yaml", 13, 27, "'https://192.168.10.5/act' points to a local or private address; evide"),
    ("53-bad-evidence-type.yaml", 13, 42, "'law' is not allowed; expected one of: legislation, regulation, strate"),
    ("54-bad-disclosure.yaml", 13, 67, "'secret' is not allowed; expected one of: public, restricted"),
    ("55-unknown-item.yaml", 10, 3, "unknown item 'asean-a-1': it is not in checklist asean-nic 2024.1; did"),
    ("56-version-mismatch.yaml", 3, 37, "checklist 'asean-nic' has no version '2023.1' (available: 2024.1); mig"),
    ("57-unknown-checklist.yaml", 3, 17, "unknown checklist 'asean-xyz'; did you mean 'asean-nic'?"),
    ("58-version-unquoted.yaml", 3, 37, "expected text; YAML read the unquoted value '2024.1' as a float; quote"),
    ("59-empty-notes.yaml", 10, 40, "must not be empty"),
    ("60-unknown-norm-narrative.yaml", 11, 3, "'l' is not allowed; expected one of: a, b, c, d, e, f, g, h, i, j, k"),
    ("61-empty-title.yaml", 9, 8, "must not be empty"),
    ("62-checklist-tier-out-of-range.yaml", 16, 35, "6 is out of range; it must be at most 5"),
    ("63-checklist-negative-weight.yaml", 16, 130, "-1 is out of range; it must be greater than 0"),
    ("64-checklist-nan-weight.yaml", 16, 130, "nan is not allowed; give a finite number (not .nan or .inf)"),
    (
        "65-checklist-duplicate-ids.yaml",
        16,
        10,
        "item id 'bad-a-01' is used twice (first at items[0]); every id must be",
    ),
    (
        "66-checklist-missing-tier.yaml",
        11,
        26,
        "norm (a) has no item at tier 4, 5; every norm needs at least one item ",
    ),
    (
        "67-checklist-unknown-norm-letter.yaml",
        16,
        26,
        "'l' is not allowed; expected one of: a, b, c, d, e, f, g, h, i, j, k",
    ),
    ("68-checklist-missing-norm-set.yaml", 7, 8, "unknown set of norms 'gge-2099-norms' (known: un-gge-2015-norms)"),
    (
        "69-checklist-bad-category.yaml",
        16,
        48,
        "'diplomatic' is not allowed; expected one of: political, policy, legal",
    ),
    (
        "70-checklist-pattern-mismatch.yaml",
        16,
        10,
        "item id 'bad-a-6' does not match the id_pattern '^bad-[a-k]-[0-9]{2}$'",
    ),
    ("71-checklist-huge-tier.yaml", 16, 35, "is out of range; it must be at most 5"),
    ("72-checklist-no-items.yaml", 10, 8, "items: must have at least 1 entry"),
    ("73-model-credits-fall.yaml", 65, 13, "credit 0.4 is below partial's 0.5; credits must not fall as status ris"),
    ("74-model-credit-above-one.yaml", 69, 13, "1.5 is out of range; it must be at most 1.0"),
    ("75-model-missing-status.yaml", 51, 3, "required field 'planned' is missing; add it"),
    ("76-model-stage-order.yaml", 20, 12, "9 is out of range; it must be at most 5"),
    ("77-escaped-control-character.yaml", 9, 8, "the text contains the control character U+001B (written as an "),
    ("78-kind-as-list.yaml", 2, 7, "unknown kind ['assessment']; expected one of: norms, checklist, maturity"),
    ("79-bool-tag-garbage.yaml", 8, 15, "'maybe' is not a valid bool"),
    ("80-timestamp-tag-garbage.yaml", 5, 7, "'soon' is not a valid timestamp"),
    ("81-errors-of-every-kind.yaml", 2, 1, "required field 'illustrative' is missing; add it"),
]


def test_the_corpus_is_complete() -> None:
    on_disk = sorted(p.name for p in BAD.iterdir())
    assert on_disk == sorted(name for name, *_ in EXPECTED)
    assert len(on_disk) + len(GENERATED) >= 60


@pytest.mark.parametrize(("name", "line", "col", "message"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_bad_input_exits_3_with_a_located_message(name: str, line: int, col: int, message: str) -> None:
    result = CliRunner().invoke(app, ["validate", str(BAD / name)])
    assert result.exit_code == 3, result.output
    located = [e for e in result.stderr.splitlines() if e.startswith(f"{BAD / name}:{line}:{col}: ")]
    assert any(message in e for e in located), result.stderr  # among every error found, not only the first
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_what_the_reader_refuses_and_what_the_schema_refuses_come_together() -> None:
    # The impossible date is the reader's; the rest the schema's. None of it hides the others, and the date is
    # not reported a second time as a missing or empty value.
    path = BAD / "81-errors-of-every-kind.yaml"
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 3
    lines = [line.removeprefix(f"{path}:") for line in result.stderr.splitlines()]
    assert lines[:4] == [
        "2:1: illustrative: required field 'illustrative' is missing; add it",
        "4:10: country: 'THAI' is not an ISO 3166-1 alpha-3 country code; did you mean 'THA'?",
        "5:7: date: '2025-13-01' is not a valid timestamp",
        "6:14: perspective: 'ministry' is not allowed; expected one of: government, private_sector, civil_society, "
        "academia, technical_community, regional_body",
    ]
    assert lines[4] == "normcheck: 4 error(s); nothing was scored or written."


def _fifty_megabytes(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("kind: assessment\nnotes: |\n")
        line = "  " + "x" * 98 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            handle.write(line)


def _many_values(path: Path) -> None:
    path.write_text("kind: assessment\nnotes: [" + "0," * 600_000 + "0]\n", encoding="utf-8")


GENERATED = {
    "fifty-megabytes.yaml": (_fifty_megabytes, "normcheck reads files up to 8 MiB"),
    "too-many-values.yaml": (_many_values, "holds more than 500,000 values"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_inputs_are_refused_with_bounded_memory(tmp_path: Path, name: str) -> None:
    make, message = GENERATED[name]
    path = tmp_path / name
    make(path)
    # VmHWM is the peak resident size of this process image; ru_maxrss would include the forked pytest.
    child = (
        "import sys\nfrom pathlib import Path\nfrom normcheck.cli import main\ntry:\n    main()\nfinally:\n"
        "    peak = [l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM')]\n"
        "    sys.stderr.write(f'PEAK {peak[0].split()[1]}\\n')"
    )
    result = subprocess.run(
        [sys.executable, "-c", child, "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    peak_kib = int(result.stderr.rsplit("PEAK ", 1)[1])
    assert peak_kib < 150 * 1024, f"peak RSS {peak_kib} KiB"
