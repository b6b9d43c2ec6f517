"""Spreadsheet forms: a checklist as a workbook officials fill in without training, and the workbook back again."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from normcheck import __version__, yamlio
from normcheck.countries import check_alpha3, country_name
from normcheck.errors import InputError, Issue, Severity, SheetIssue, UsageError, column_letter
from normcheck.i18n import SOURCE_LANGUAGE, language_name
from normcheck.models.assessment import (
    Assessment,
    Assessor,
    Evidence,
    EvidenceType,
    NormNarrative,
    Perspective,
    Response,
    Status,
)
from normcheck.models.checklist import Checklist, NormSet
from normcheck.models.maturity import SCORED_STATUSES, MaturityModel
from normcheck.yamlio import CONTROL_CHARACTER

MAX_CELL = 32_767  # the most characters a spreadsheet cell holds
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 10_000
EVIDENCE_ROWS = 400
ASSESSOR_ROWS = 30

INSTRUCTIONS, ABOUT, RESPONSES, EVIDENCE, NORMS, LISTS = (
    "Instructions", "About", "Responses", "Evidence", "Norms", "Lists",
)
SHEETS = (INSTRUCTIONS, ABOUT, RESPONSES, EVIDENCE, NORMS, LISTS)
STATUS_CODES: tuple[str, ...] = (*SCORED_STATUSES, Status.NOT_APPLICABLE.value)
YES_NO = ("yes", "no")
# What people type instead of the codes: the shipped model's labels and the usual abbreviations.
STATUS_ALIASES = {
    "partially_implemented": "partial", "largely_implemented": "largely", "fully_implemented": "full",
    "n/a": "not_applicable", "na": "not_applicable",
}
DISCLOSURES = ("public", "restricted")

_LOCKED = PatternFill("solid", fgColor="E7E6E6")
_EDITABLE = PatternFill("solid", fgColor="FFF8DC")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: int
    editable: bool = False


RESPONSE_COLUMNS = (
    Column("id", "Item", 13),
    Column("norm", "Norm", 24),
    Column("tier", "Tier", 6),
    Column("category", "Category", 16),
    Column("text", "Action", 60),
    Column("guidance", "What counts as evidence", 45),
    Column("status", "Status", 16, editable=True),
    Column("notes", "Notes", 45, editable=True),
    Column("justification", "Why not applicable", 35, editable=True),
)
EVIDENCE_COLUMNS = (
    Column("item", "Item", 14, editable=True),
    Column("title", "Title of the document", 40, editable=True),
    Column("url", "Web address (https://...)", 35, editable=True),
    Column("reference", "Reference, if there is no web address", 35, editable=True),
    Column("type", "Type", 14, editable=True),
    Column("date", "Date (YYYY-MM-DD)", 16, editable=True),
    Column("disclosure", "Disclosure", 12, editable=True),
)
NORM_COLUMNS = (
    Column("norm", "Norm", 7),
    Column("title", "Title", 40),
    Column("measures_taken", "Measures taken", 50, editable=True),
    Column("challenges", "Challenges and capacity gaps", 50, editable=True),
    Column("assistance_needed", "Assistance needed", 50, editable=True),
)


@dataclass(frozen=True, slots=True)
class AboutField:
    row: int
    key: str
    label: str
    help: str
    editable: bool = True


ABOUT_FIELDS = (
    AboutField(2, "country", "Country", "Set by the facilitator.", editable=False),
    AboutField(3, "checklist", "Checklist", "Set by the facilitator.", editable=False),
    AboutField(4, "version", "Checklist version", "Set by the facilitator.", editable=False),
    AboutField(5, "date", "Date of the assessment", "The day the answers were agreed, as YYYY-MM-DD."),
    AboutField(6, "period_start", "Period assessed: first day", "Optional, YYYY-MM-DD."),
    AboutField(7, "period_end", "Period assessed: last day", "Optional, YYYY-MM-DD."),
    AboutField(8, "perspective", "Whose view this records", "Choose from the list."),
    AboutField(9, "title", "Title for reports", "Optional."),
    AboutField(10, "illustrative", "Example data, not an official self-assessment?", "yes or no."),
)
ASSESSORS_HEADER_ROW = 12
ASSESSOR_COLUMNS = ("Assessor: name of the person or team", "Organisation", "Role")


# ---------------------------------------------------------------------------------------------------- export


def export_form(
    checklist: Checklist,
    norms: NormSet,
    model: MaturityModel,
    country: str,
    today: dt.date,
    *,
    lang: str = SOURCE_LANGUAGE,
    fallback_note: str | None = None,
) -> bytes:
    """The .xlsx bytes of a blank form. Pass a localised checklist and norms for another language."""
    wb = Workbook()
    instructions = wb.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS
    about, responses, evidence, narratives, lists = (wb.create_sheet(name) for name in SHEETS[1:])
    ids = [i.id for i in checklist.items]
    _lists(lists, ids)
    _instructions(instructions, checklist, model, country, today, lang, fallback_note)
    _about(about, checklist, country, today)
    _responses(responses, checklist, norms)
    _evidence(evidence, len(ids))
    _norms(narratives, checklist, norms)
    wb.properties.creator = "normcheck"
    wb.properties.title = f"{checklist.id} {checklist.version} - {country}"
    wb.properties.keywords = "normcheck-form-1"
    wb.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


CellValue = str | int | float | dt.date | None


def _put(
    ws: Worksheet, row: int, col: int, value: CellValue, *, editable: bool = False, fmt: str | None = None
) -> Cell:
    """Write one cell. Text is stored as text, never as a formula or error code, whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    assert isinstance(cell, Cell)  # a form has no merged cells
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise UsageError(
                f"{ws.title}!{cell.coordinate}: a text of {len(value):,} characters does not fit in a spreadsheet "
                f"cell ({MAX_CELL:,} at most); shorten it"
            )
        cell.value = value
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    cell.alignment = _WRAP
    if editable:
        cell.protection = Protection(locked=False)
        cell.fill = _EDITABLE
    if fmt is not None:
        cell.number_format = fmt
    return cell


def _header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for col, column in enumerate(columns, start=1):
        _put(ws, 1, col, column.header).font = _BOLD
        ws.column_dimensions[_letter(col)].width = column.width
    ws.freeze_panes = "B2"


def _letter(col: int) -> str:
    return column_letter(col)


def _protect(ws: Worksheet) -> None:
    """Lock the sheet without a password (it stops accidents, not a determined facilitator); print it
    landscape, one page wide, so a printed form keeps every column."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.title != INSTRUCTIONS and ws.title != ABOUT:
        ws.print_title_rows = "1:1"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False


def _choice(ws: Worksheet, cells: str, source: str, prompt: str) -> None:
    validation = DataValidation(
        type="list", formula1=source, allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="Not in the list", error="Choose a value from the drop-down list.", prompt=prompt,
    )
    validation.add(cells)
    ws.add_data_validation(validation)


def _source(col: int, count: int) -> str:
    letter = _letter(col)
    return f"={LISTS}!${letter}$2:${letter}${count + 1}"


_LIST_COLUMNS = {"item": 1, "status": 2, "type": 3, "perspective": 4, "disclosure": 5, "yes_no": 6}


def _lists(ws: Worksheet, ids: Sequence[str]) -> None:
    values = {
        "item": list(ids),
        "status": list(STATUS_CODES),
        "type": [t.value for t in EvidenceType],
        "perspective": [p.value for p in Perspective],
        "disclosure": list(DISCLOSURES),
        "yes_no": list(YES_NO),
    }
    for key, col in _LIST_COLUMNS.items():
        _put(ws, 1, col, key)
        for row, value in enumerate(values[key], start=2):
            _put(ws, row, col, value)
    ws.sheet_state = "hidden"
    _protect(ws)


def _instructions(
    ws: Worksheet,
    checklist: Checklist,
    model: MaturityModel,
    country: str,
    today: dt.date,
    lang: str,
    fallback_note: str | None,
) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    rows: list[tuple[str, str]] = [
        ("Self-assessment form", f"{checklist.title}, version {checklist.version}"),
        ("Country", f"{country_name(country)} ({country})"),
        ("Language", language_name(lang) + (f". {fallback_note}." if fallback_note else "")),
        ("", ""),
        ("How to fill it in", "1. On the About sheet, check the date, choose whose view this records and list "
         "the people who took part."),
        ("", "2. On the Responses sheet, choose a status for each action in the Status column. Leave it empty for "
         "an action not yet discussed. Add notes if they help a reader."),
        ("", "3. Choose not_applicable only when the action cannot apply to your country, and say why in the "
         "column 'Why not applicable'."),
        ("", "4. On the Evidence sheet, list each document that shows an action is done: one row per document, "
         "with the item it supports, its title, and a web address or a reference such as a gazette number."),
        ("", "5. On the Norms sheet, describe for each norm the measures taken, the challenges and the assistance "
         "needed."),
        ("", "6. Only the yellow cells can be filled in; the others are locked. Do not change the item ids, rename "
         "the sheets or move columns. Save the file as .xlsx and return it to the facilitator."),
        ("Evidence rule", model.evidence_rule.description),
        ("", ""),
        ("Status", "When to choose it"),
    ]
    rows += [(s, f"{model.statuses.get(s).label}: {model.statuses.get(s).description}") for s in SCORED_STATUSES]
    rows += [
        ("not_applicable", "Not applicable: the action cannot apply to your country; give the reason."),
        ("", ""),
        ("About this file", f"Made by normcheck {__version__} on {today.isoformat()} from {checklist.id} "
         f"{checklist.version}. Anything typed is read back as plain text: formulas are not calculated."),
    ]
    for row, (label, text) in enumerate(rows, start=1):
        _put(ws, row, 1, label).font = _BOLD
        _put(ws, row, 2, text)
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / 100))
    ws.cell(row=1, column=2).font = _BOLD
    _protect(ws)


def _about(ws: Worksheet, checklist: Checklist, country: str, today: dt.date) -> None:
    for col, (header, width) in enumerate((("Field", 44), ("Value", 40), ("Help", 50)), start=1):
        _put(ws, 1, col, header).font = _BOLD
        ws.column_dimensions[_letter(col)].width = width
    values: dict[str, CellValue] = {
        "country": country, "checklist": checklist.id, "version": checklist.version, "date": today,
        "perspective": Perspective.GOVERNMENT.value, "illustrative": "no",
    }
    for f in ABOUT_FIELDS:
        _put(ws, f.row, 1, f.label)
        date_like = f.key in ("date", "period_start", "period_end")
        _put(ws, f.row, 2, values.get(f.key), editable=f.editable, fmt="yyyy-mm-dd" if date_like else "@")
        _put(ws, f.row, 3, f"{country_name(country)}." if f.key == "country" else f.help)
    _choice(ws, "B8", _source(_LIST_COLUMNS["perspective"], len(Perspective)), "Whose view this records")
    _choice(ws, "B10", _source(_LIST_COLUMNS["yes_no"], 2), "yes for example data")
    for col, header in enumerate(ASSESSOR_COLUMNS, start=1):
        _put(ws, ASSESSORS_HEADER_ROW, col, header).font = _BOLD
    for row in range(ASSESSORS_HEADER_ROW + 1, ASSESSORS_HEADER_ROW + 1 + ASSESSOR_ROWS):
        for col in range(1, 4):
            _put(ws, row, col, None, editable=True, fmt="@")
    _protect(ws)


def _responses(ws: Worksheet, checklist: Checklist, norms: NormSet) -> None:
    _header(ws, RESPONSE_COLUMNS)
    titles: dict[str, str] = {n.id: n.title for n in norms.norms}
    for row, item in enumerate(checklist.items, start=2):
        values: dict[str, CellValue] = {
            "id": item.id, "norm": f"({item.norm}) {titles.get(item.norm, '')}".rstrip(), "tier": item.tier,
            "category": item.category.value, "text": item.text, "guidance": item.guidance,
        }
        for col, column in enumerate(RESPONSE_COLUMNS, start=1):
            _put(ws, row, col, values.get(column.key), editable=column.editable, fmt="@" if column.editable else None)
        lines = max(math.ceil(len(item.text) / 62), math.ceil(len(item.guidance) / 46), 1)
        ws.row_dimensions[row].height = 15 * lines
    last = len(checklist.items) + 1
    status_col = _letter(_index(RESPONSE_COLUMNS, "status"))
    _choice(ws, f"{status_col}2:{status_col}{last}", _source(_LIST_COLUMNS["status"], len(STATUS_CODES)),
            "not_started, planned, partial, largely, full or not_applicable")
    ws.auto_filter.ref = f"A1:{_letter(len(RESPONSE_COLUMNS))}{last}"
    _protect(ws)


def _evidence(ws: Worksheet, item_count: int) -> None:
    _header(ws, EVIDENCE_COLUMNS)
    ws.freeze_panes = "A2"
    for row in range(2, EVIDENCE_ROWS + 2):
        for col, column in enumerate(EVIDENCE_COLUMNS, start=1):
            _put(ws, row, col, None, editable=True, fmt="yyyy-mm-dd" if column.key == "date" else "@")
    last = EVIDENCE_ROWS + 1
    for key, prompt in (("item", "The item this document supports"), ("type", "What kind of document"),
                        ("disclosure", "restricted: counted, but left out of reports")):
        letter = _letter(_index(EVIDENCE_COLUMNS, key))
        count = {"item": item_count, "type": len(EvidenceType), "disclosure": len(DISCLOSURES)}[key]
        _choice(ws, f"{letter}2:{letter}{last}", _source(_LIST_COLUMNS[key], count), prompt)
    _protect(ws)
    ws.protection.insertRows = False
    ws.protection.deleteRows = False


def _norms(ws: Worksheet, checklist: Checklist, norms: NormSet) -> None:
    _header(ws, NORM_COLUMNS)
    ws.freeze_panes = "C2"
    titles: dict[str, str] = {n.id: n.title for n in norms.norms}
    for row, norm in enumerate(checklist.norm_ids(), start=2):
        values: dict[str, CellValue] = {"norm": norm, "title": titles.get(norm, "")}
        for col, column in enumerate(NORM_COLUMNS, start=1):
            _put(ws, row, col, values.get(column.key), editable=column.editable, fmt="@" if column.editable else None)
        ws.row_dimensions[row].height = 60
    _protect(ws)


def _index(columns: Sequence[Column], key: str) -> int:
    return next(n for n, c in enumerate(columns, start=1) if c.key == key)


# ---------------------------------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class Imported:
    assessment: Assessment
    checklist: Checklist
    warnings: tuple[Issue, ...]


@dataclass
class _Reader:
    """Reads cells, collecting every problem with its cell rather than stopping at the first."""

    name: str
    order: dict[str, int]
    issues: list[Issue] = field(default_factory=list)

    def report(self, ws: Worksheet | str, row: int, col: int, message: str, severity: Severity) -> None:
        title = ws if isinstance(ws, str) else ws.title
        self.issues.append(
            SheetIssue(self.name, row, col, "", message, severity, sheet=title, sheet_index=self.order.get(title, 99))
        )

    def error(self, ws: Worksheet | str, row: int, col: int, message: str) -> None:
        self.report(ws, row, col, message, Severity.ERROR)

    def warn(self, ws: Worksheet | str, row: int, col: int, message: str) -> None:
        self.report(ws, row, col, message, Severity.WARNING)

    def raw(self, ws: Worksheet, row: int, col: int) -> Any:
        cell = ws.cell(row=row, column=col)
        value = cell.value
        if cell.data_type == "f":
            text = str(getattr(value, "text", value))
            self.warn(ws, row, col, f"a formula ({_short(text)}) was read as plain text, not calculated")
            return text
        if cell.data_type == "e":
            self.error(ws, row, col, f"the cell shows a spreadsheet error ({value}); type the value itself")
            return None
        return value

    def text(self, ws: Worksheet, row: int, col: int) -> str | None:
        value = self.raw(ws, row, col)
        if value is None:
            return None
        text = _as_text(value)
        if len(text) > MAX_CELL:
            self.error(ws, row, col, f"the text is {len(text):,} characters long; a spreadsheet cell holds at most "
                       f"{MAX_CELL:,}, so this file was not saved by a spreadsheet program")
            return None
        control = CONTROL_CHARACTER.search(text)
        if control is not None:
            self.error(ws, row, col, f"the text contains the control character U+{ord(control.group()):04X}; "
                       "delete it")
            text = CONTROL_CHARACTER.sub("", text)  # the error stops the import; this only spares follow-on ones
        return text.strip() or None

    def date(self, ws: Worksheet, row: int, col: int) -> dt.date | None:
        value = self.raw(ws, row, col)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(ws, row, col, f"{_short(_as_text(value))!r} is not a date; type it as YYYY-MM-DD, e.g. 2025-06-30")
        return None

    def choice(self, ws: Worksheet, row: int, col: int, options: Sequence[str], what: str,
               aliases: Mapping[str, str] | None = None) -> str | None:
        value = self.raw(ws, row, col)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            key = "_".join(value.strip().lower().replace("-", " ").split())
            if key in options:
                return key
            if aliases and key in aliases:
                return aliases[key]
        shown = _short(_as_text(value))
        close = difflib.get_close_matches(shown.lower(), list(options), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.error(ws, row, col, f"{shown!r} is not a {what}; choose one of: {', '.join(options)}{hint}")
        return None

    def empty_row(self, ws: Worksheet, row: int, width: int) -> bool:
        return all(ws.cell(row=row, column=col).value in (None, "") for col in range(1, width + 1))


def _as_text(value: object) -> str:
    """What a person sees in the cell: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def import_form(data: bytes, name: str, checklists: Mapping[tuple[str, str], Checklist]) -> Imported:
    """Read a filled-in form back into an Assessment; raise InputError listing every problem with its cell."""
    wb = _open(data, name)
    reader = _Reader(name, {title: n for n, title in enumerate(SHEETS)})
    missing = [title for title in SHEETS[1:5] if title not in wb.sheetnames]
    for title in missing:
        reader.error(title, 0, 0, "the sheet is missing; this file is not a form made by `normcheck sheet export`, "
                     "or a sheet was renamed")
    if missing:
        raise InputError(reader.issues)
    for title in SHEETS[1:5]:
        if wb[title].max_row > MAX_ROWS:
            reader.error(title, 0, 0, f"the sheet has {wb[title].max_row:,} rows; a form has far fewer - remove "
                         "what was pasted below the table")
    if reader.issues:
        raise InputError(reader.issues)
    head = _read_about(reader, wb[ABOUT], checklists)
    if head is None:
        raise InputError(reader.issues)
    checklist, fields = head
    for sheet, columns in ((RESPONSES, RESPONSE_COLUMNS), (EVIDENCE, EVIDENCE_COLUMNS), (NORMS, NORM_COLUMNS)):
        _check_header(reader, wb[sheet], columns)
    responses = _read_responses(reader, wb[RESPONSES], checklist)
    _read_evidence(reader, wb[EVIDENCE], checklist, responses)
    narratives = _read_norms(reader, wb[NORMS], checklist)
    errors = [i for i in reader.issues if i.is_error]
    if errors:
        raise InputError(reader.issues)
    data_out = {**fields, "responses": responses, "norms": narratives}
    try:
        assessment = Assessment.model_validate(data_out)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            reader.error(ABOUT, 2, 2, f"{'.'.join(map(str, error['loc']))}: {error['msg']}")
        raise InputError(reader.issues) from None
    text_size = len(yamlio.dump(assessment.model_dump(mode="json")).encode("utf-8"))
    if text_size > yamlio.MAX_BYTES:
        raise InputError.single(name, f"the answers add up to {text_size / 1_048_576:.1f} MiB of text, more than "
                                f"normcheck reads from one file ({yamlio.MAX_BYTES // 1_048_576} MiB)")
    return Imported(assessment, checklist, tuple(reader.issues))


def _open(data: bytes, name: str) -> Workbook:
    if len(data) > MAX_FILE_BYTES:
        raise InputError.single(name, f"the file is {len(data) / 1_048_576:.1f} MiB; a form is far smaller - is it "
                                "the right file?")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError.single(
            name, "not an .xlsx workbook; if it is an .xls, .ods or .csv file, open it in a spreadsheet program and "
            "save it as .xlsx (Excel Workbook)"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError.single(name, f"the workbook unpacks to {unpacked / 1_048_576:.0f} MiB; a form is far "
                                "smaller, so it is refused")
    try:
        return load_workbook(io.BytesIO(data), data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook; all mean the same to the user
        raise InputError.single(name, f"cannot read the workbook: {exc}") from None


def _check_header(reader: _Reader, ws: Worksheet, columns: Sequence[Column]) -> None:
    for col, column in enumerate(columns, start=1):
        found = ws.cell(row=1, column=col).value
        if found != column.header:
            reader.error(ws, 1, col, f"expected the column {column.header!r} here, found {found!r}; columns were "
                         "moved or renamed - copy the answers into a fresh form")


def _read_about(
    reader: _Reader, ws: Worksheet, checklists: Mapping[tuple[str, str], Checklist]
) -> tuple[Checklist, dict[str, Any]] | None:
    for f in ABOUT_FIELDS:
        if ws.cell(row=f.row, column=1).value != f.label:
            reader.error(ws, f.row, 1, f"expected {f.label!r} here; this sheet was changed, or is not from "
                         "`normcheck sheet export`")
    if reader.issues:
        return None
    row = {f.key: f.row for f in ABOUT_FIELDS}
    checklist_id, version = reader.text(ws, row["checklist"], 2), reader.text(ws, row["version"], 2)
    checklist = checklists.get((checklist_id or "", version or ""))
    if checklist is None:
        known = ", ".join(f"{i} {v}" for i, v in sorted(checklists)) or "none"
        reader.error(ws, row["checklist"], 2, f"checklist {checklist_id!r} version {version!r} is not known here "
                     f"(known: {known}); pass --checklists DIR with the folder that has it")
        return None
    fields: dict[str, Any] = {"kind": "assessment", "checklist": {"id": checklist.id, "version": checklist.version}}
    country = reader.text(ws, row["country"], 2) or ""
    try:
        fields["country"] = check_alpha3(country)
    except ValueError as exc:
        reader.error(ws, row["country"], 2, str(exc))
    date = reader.date(ws, row["date"], 2)
    if date is None and not _has_error_at(reader, ws, row["date"]):
        reader.error(ws, row["date"], 2, "give the date the assessment was completed, as YYYY-MM-DD")
    fields["date"] = date
    start, end = reader.date(ws, row["period_start"], 2), reader.date(ws, row["period_end"], 2)
    if (start is None) != (end is None):
        empty = row["period_end"] if end is None else row["period_start"]
        reader.error(ws, empty, 2, "give both the first and the last day of the period assessed, or neither")
    elif start is not None and end is not None:
        if end < start:
            reader.error(ws, row["period_end"], 2, f"the period ends ({end}) before it starts ({start}); swap them")
        else:
            fields["period"] = {"start": start, "end": end}
    perspective = reader.choice(ws, row["perspective"], 2, [p.value for p in Perspective], "perspective")
    if perspective is None and not _has_error_at(reader, ws, row["perspective"]):
        reader.error(ws, row["perspective"], 2, "choose whose view this records from the list")
    fields["perspective"] = perspective
    fields["title"] = reader.text(ws, row["title"], 2)
    fields["illustrative"] = _yes_no(reader, ws, row["illustrative"])
    fields["assessors"] = _read_assessors(reader, ws)
    return checklist, fields


def _has_error_at(reader: _Reader, ws: Worksheet, row: int) -> bool:
    return any(isinstance(i, SheetIssue) and i.sheet == ws.title and i.line == row for i in reader.issues)


def _yes_no(reader: _Reader, ws: Worksheet, row: int) -> bool:
    value = ws.cell(row=row, column=2).value
    if isinstance(value, bool):
        return value
    choice = reader.choice(ws, row, 2, YES_NO, "yes/no answer", aliases={"true": "yes", "false": "no"})
    return choice == "yes"


def _read_assessors(reader: _Reader, ws: Worksheet) -> list[dict[str, Any]]:
    assessors = []
    for row in range(ASSESSORS_HEADER_ROW + 1, ws.max_row + 1):
        name, organisation, role = (reader.text(ws, row, col) for col in (1, 2, 3))
        if name is None and organisation is None and role is None:
            continue
        if name is None:
            reader.error(ws, row, 1, "give the assessor's name (a person or a team)")
            continue
        assessors.append(Assessor(name=name, organisation=organisation, role=role).model_dump(exclude_none=True))
    return assessors


def _read_responses(reader: _Reader, ws: Worksheet, checklist: Checklist) -> dict[str, Response]:
    known = [i.id for i in checklist.items]
    status_col, notes_col, why_col = (_index(RESPONSE_COLUMNS, k) for k in ("status", "notes", "justification"))
    seen: dict[str, int] = {}
    found: dict[str, Response] = {}
    for row in range(2, ws.max_row + 1):
        if reader.empty_row(ws, row, len(RESPONSE_COLUMNS)):
            continue
        raw_id = reader.raw(ws, row, 1)
        item_id = raw_id.strip() if isinstance(raw_id, str) else None
        if item_id not in known:
            shown = _short(_as_text(raw_id)) if raw_id is not None else ""
            close = difflib.get_close_matches(shown, known, n=1, cutoff=0.6)
            hint = f" (was it {close[0]!r}?)" if close else ""
            reader.error(ws, row, 1, f"{shown!r} is not an item of {checklist.id} {checklist.version}{hint}; the "
                         "Item column must not be edited - restore the id or copy the answers into a fresh form")
            continue
        assert item_id is not None
        if item_id in seen:
            reader.error(ws, row, 1, f"item {item_id!r} has a second row (the first is row {seen[item_id]}); keep "
                         "one row per item")
            continue
        seen[item_id] = row
        status = reader.choice(ws, row, status_col, STATUS_CODES, "status", aliases=STATUS_ALIASES)
        notes = reader.text(ws, row, notes_col)
        justification = reader.text(ws, row, why_col)
        if status == Status.NOT_APPLICABLE and justification is None:
            reader.error(ws, row, why_col, "not_applicable needs a reason here: say why the action does not apply")
            continue
        found[item_id] = Response(
            status=Status(status) if status else None, notes=notes, justification=justification
        )
    absent = [i for i in known if i not in seen]
    if absent:
        shown = ", ".join(absent[:5]) + (f" and {len(absent) - 5} more" if len(absent) > 5 else "")
        reader.warn(ws, 0, 0, f"no row for {len(absent)} item(s): {shown}; they are left unanswered")
    return {i: found.get(i, Response()) for i in known}


def _read_evidence(
    reader: _Reader, ws: Worksheet, checklist: Checklist, responses: dict[str, Response]
) -> None:
    known = [i.id for i in checklist.items]
    col = {c.key: n for n, c in enumerate(EVIDENCE_COLUMNS, start=1)}
    gathered: dict[str, list[Evidence]] = {}
    for row in range(2, ws.max_row + 1):
        if reader.empty_row(ws, row, len(EVIDENCE_COLUMNS)):
            continue
        item_id = reader.text(ws, row, col["item"])
        title = reader.text(ws, row, col["title"])
        url = reader.text(ws, row, col["url"])
        reference = reader.text(ws, row, col["reference"])
        kind = reader.choice(ws, row, col["type"], [t.value for t in EvidenceType], "type of evidence")
        date = reader.date(ws, row, col["date"])
        disclosure = reader.choice(ws, row, col["disclosure"], DISCLOSURES, "disclosure")
        ok = True
        if item_id is None:
            reader.error(ws, row, col["item"], "which item does this document support? choose its id from the list")
            ok = False
        elif item_id not in known:
            close = difflib.get_close_matches(item_id, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            reader.error(ws, row, col["item"], f"{_short(item_id)!r} is not an item of {checklist.id} "
                         f"{checklist.version}{hint}")
            ok = False
        if title is None:
            reader.error(ws, row, col["title"], "give the document's title")
            ok = False
        if url is None and reference is None:
            reader.error(ws, row, col["url"], "give a web address here, or a reference such as a gazette number "
                         "in the next column")
            ok = False
        elif url is not None and not url.lower().startswith(("https://", "http://")):
            reader.error(ws, row, col["url"], f"{_short(url)!r} is not a web address starting with https://; put a "
                         "citation in the Reference column instead")
            ok = False
        if not ok:
            continue
        if kind is None and ws.cell(row=row, column=col["type"]).value in (None, ""):
            reader.warn(ws, row, col["type"], "no type chosen; recorded as 'other'")
            kind = EvidenceType.OTHER.value
        if kind is None:
            continue
        try:
            evidence = Evidence(
                title=title or "", url=url, reference=reference, type=EvidenceType(kind), date=date,
                disclosure="restricted" if disclosure == "restricted" else "public",
            )
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where = col.get(str(error["loc"][0]), col["title"]) if error["loc"] else col["url"]
                reader.error(ws, row, where, str((error.get("ctx") or {}).get("error", error["msg"])))
            continue
        assert item_id is not None
        gathered.setdefault(item_id, []).append(evidence)
    for item_id, documents in gathered.items():
        responses[item_id] = responses[item_id].model_copy(update={"evidence": documents})


def _read_norms(reader: _Reader, ws: Worksheet, checklist: Checklist) -> dict[str, NormNarrative]:
    expected = checklist.norm_ids()
    narratives = {n: NormNarrative() for n in expected}
    col = {c.key: n for n, c in enumerate(NORM_COLUMNS, start=1)}
    for row in range(2, ws.max_row + 1):
        if reader.empty_row(ws, row, len(NORM_COLUMNS)):
            continue
        norm = reader.text(ws, row, col["norm"])
        if norm not in expected:
            reader.error(ws, row, col["norm"], f"{norm!r} is not a norm of {checklist.id}; the Norm column must not "
                         "be edited")
            continue
        narratives[norm] = NormNarrative(
            measures_taken=reader.text(ws, row, col["measures_taken"]),
            challenges=reader.text(ws, row, col["challenges"]),
            assistance_needed=reader.text(ws, row, col["assistance_needed"]),
        )
    return narratives


def load_form(path: Path, checklists: Mapping[tuple[str, str], Checklist]) -> Imported:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.single(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    return import_form(data, str(path), checklists)
