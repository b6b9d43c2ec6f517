"""Loading an assessment against its checklist: every error at once, located, with a hint."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from normcheck.catalog import Catalog
from normcheck.errors import InputError
from normcheck.resolve import load_subject

HEAD = """\
kind: assessment
checklist: {id: asean-nic, version: "2024.1"}
country: THA
date: 2025-06-30
perspective: government
assessors: [{name: Team}]
illustrative: true
"""


def write(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def errors(path: Path, catalog: Catalog, today: dt.date) -> list[str]:
    with pytest.raises(InputError) as info:
        load_subject(path, catalog, today)
    return [str(i).replace(str(path.parent) + "/", "") for i in info.value.issues]


def test_a_valid_file_loads_and_warns_about_unanswered_items(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(
        tmp_path,
        """\
        responses:
          asean-a-01:
            status: full
            evidence: [{title: Statement, reference: "Cabinet paper 12/2024", type: statement}]
        """,
    )
    subject = load_subject(path, catalog, today)
    assert subject.checklist.id == "asean-nic"
    [warning] = [str(w) for w in subject.warnings]
    assert warning.startswith(f"{path}:8:1: warning: responses: 87 item(s) have no status and count as unanswered")


def test_unknown_item_gets_a_did_you_mean(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(
        tmp_path,
        """\
        responses:
          asean-g-3: {status: full}
        """,
    )
    assert errors(path, catalog, today) == [
        "a.yaml:9:3: responses.asean-g-3: unknown item 'asean-g-3': it is not in checklist asean-nic 2024.1; "
        "did you mean 'asean-g-03'?"
    ]


def test_all_errors_of_a_file_are_reported_together(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(
        tmp_path,
        """\
        responses:
          asean-a-01:
            status: ful
          asean-a-02:
            status: not_applicable
          asean-a-03:
            status: full
            evidense: []
          asean-a-04:
            status: partial
            notes: yes
            evidence:
              - {title: Site, url: "file:///etc/passwd", type: website}
              - {title: Nothing, type: report}
        """,
    )
    assert errors(path, catalog, today) == [
        "a.yaml:10:13: responses.asean-a-01.status: 'ful' is not allowed; expected one of: not_started, planned, "
        "partial, largely, full, not_applicable; did you mean 'full'?",
        "a.yaml:12:5: responses.asean-a-02: status not_applicable needs a 'justification' saying why the item does "
        "not apply",
        "a.yaml:15:5: responses.asean-a-03.evidense: unknown field 'evidense'; did you mean 'evidence'?",
        "a.yaml:18:12: responses.asean-a-04.notes: expected text; YAML read the unquoted value 'yes' as a true/false "
        "value; quote it to keep it as text: 'yes'",
        "a.yaml:20:28: responses.asean-a-04.evidence[0].url: 'file:///etc/passwd' is not an http(s) address; give a "
        "web address starting with https://, or put the citation under 'reference' instead",
        "a.yaml:21:9: responses.asean-a-04.evidence[1]: give a 'url' or a 'reference' so a reader can find this "
        "evidence",
    ]


def test_checklist_version_mismatch(tmp_path: Path, catalog: Catalog, today) -> None:
    head = HEAD.replace('"2024.1"', '"2023.9"')
    path = write(tmp_path, "responses: {}\n", head)
    assert errors(path, catalog, today) == [
        "a.yaml:2:37: checklist.version: checklist 'asean-nic' has no version '2023.9' (available: 2024.1); "
        "migrate the assessment or add that version with --checklists DIR"
    ]


def test_unknown_checklist(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace("id: asean-nic", "id: asean-nc"))
    assert errors(path, catalog, today) == [
        "a.yaml:2:17: checklist.id: unknown checklist 'asean-nc'; did you mean 'asean-nic'?"
    ]


def test_unquoted_version_gets_a_quote_hint(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace('"2024.1"', "2024.1"))
    assert errors(path, catalog, today) == [
        "a.yaml:2:37: checklist.version: expected text; YAML read the unquoted value '2024.1' as a float; quote it "
        "to keep it as text: '2024.1'"
    ]


@pytest.mark.parametrize(
    ("code", "hint"),
    [("tha", "write it in capitals: 'THA'"), ("TH", "did you mean 'THA' (Thailand)?"), ("XYZ", "")],
)
def test_invalid_country_code(tmp_path: Path, catalog: Catalog, today, code: str, hint: str) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace("country: THA", f"country: {code}"))
    [message] = errors(path, catalog, today)
    assert message.startswith(f"a.yaml:3:10: country: {code!r} is not an ISO 3166-1 alpha-3 country code")
    assert message.endswith(hint)


def test_missing_required_fields_point_at_the_parent(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace("perspective: government\n", ""))
    assert errors(path, catalog, today) == ["a.yaml:1:1: perspective: required field 'perspective' is missing; add it"]


def test_future_date_is_a_warning(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace("2025-06-30", "2027-01-01"))
    warnings = [str(w) for w in load_subject(path, catalog, today).warnings]
    assert f"{path}:4:7: warning: date: the date 2027-01-01 is in the future; is it a typo?" in warnings


def test_impossible_date(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses: {}\n", HEAD.replace("2025-06-30", "2025-02-30"))
    assert errors(path, catalog, today) == ["a.yaml:4:7: date: '2025-02-30' is not a valid timestamp"]


def test_a_checklist_file_given_as_an_assessment(catalog: Catalog, today, repo: Path) -> None:
    path = repo / "checklists" / "un-norms.yaml"
    with pytest.raises(InputError, match="expected an assessment, found a file of kind 'checklist'"):
        load_subject(path, catalog, today)


def test_loading_never_modifies_the_input(tmp_path: Path, catalog: Catalog, today) -> None:
    path = write(tmp_path, "responses:\n  asean-a-01: {status: ful}\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(InputError):
        load_subject(path, catalog, today)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
