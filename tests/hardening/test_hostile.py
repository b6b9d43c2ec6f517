"""Hostile but valid text - markup, template syntax, spreadsheet formulas, control, bidi, RTL and CJK characters -
in every free-text field scores like plain text and comes out as literal, inert text in every output format."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from normcheck import yamlio
from normcheck.catalog import Catalog
from normcheck.cli import app
from normcheck.errors import InputError
from normcheck.formats import neutralise_formula
from normcheck.links import check_public_http
from normcheck.models.assessment import Assessment
from normcheck.serialise import assessment_yaml
from normcheck.sheets import export_form, import_form

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CHECKLIST = yaml.safe_load((REPO / "checklists" / "asean-nic.yaml").read_text(encoding="utf-8"))
SHIPPED_NORMS = yaml.safe_load((REPO / "checklists" / "norms.yaml").read_text(encoding="utf-8"))

EVIL_URL = "http://evil.example"
JINJA = "{{ 7*7 }}"
HYPERLINK = f'=HYPERLINK("{EVIL_URL}","x")'
# YAML refuses other C0 control characters outright, and normcheck refuses them when written as escapes
# (tests/data/bad/77-*); tab, CR (as an escape), NEL, bidi and zero-width characters are valid text.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    JINJA,
    "{% for x in y %}",
    "${7*7}",
    HYPERLINK,
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "[bold red]markup[/bold red] [/x] :warning:",
    "tab\there, carriage\rreturn",
    "bidi \u202eoverride\u202c zero\u200bwidth next\u0085line",
    "نص عربي من اليمين إلى اليسار · עברית מימין לשמאל",
    "中文 日本語 한국어",
)
FORMULA_START = ("=", "+", "-", "@")
# Around every assessment field: were text ever run as a template, "before 49 after" would appear.
TAIL = f"before {JINJA} after"
# Words: one unbroken 10,000-character token takes WeasyPrint 15 s more to lay out (20,000 take a minute more).
LONG = ("<b>long</b> text with {{ 7*7 }} in it; " * 300)[:9_999] + "."
RESTRICTED = "RESTRICTED-EVIDENCE-TITLE"
HOSTILE_NAME = "=cmd.yaml"  # the file name is a CSV cell too

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def hostile_text() -> Callable[[str], str]:
    counter = iter(range(10**6))

    def text(label: str) -> str:
        return f"{PAYLOADS[next(counter) % len(PAYLOADS)]} [{label}] {TAIL}"

    return text


def plain_text(label: str) -> str:
    return f"Plain {label}."


def assessment_data(text: Callable[[str], str], long: str) -> dict[str, Any]:
    """An assessment of asean-nic 2024.1 whose every free-text field comes from `text`; the answers never vary."""
    responses: dict[str, Any] = {}
    for n, item in enumerate(SHIPPED_CHECKLIST["items"]):
        item_id, tier = item["id"], item["tier"]
        status = {1: "full", 2: "largely", 3: ("full", "partial", "not_applicable")[n % 3],
                  4: ("planned", None)[n % 2], 5: "not_started"}[tier]
        response: dict[str, Any] = {"status": status, "notes": long if n == 0 else text(f"notes {item_id}")}
        if status == "not_applicable":
            response["justification"] = text(f"justification {item_id}")
        if status in ("full", "largely") and n % 7 != 3:  # some claims stay unevidenced
            response["evidence"] = [
                {"title": text(f"evidence title {item_id}"), "reference": text(f"evidence reference {item_id}"),
                 "type": "statement", "date": dt.date(2024, 5, 2)},
                {"title": text(f"evidence link {item_id}"), "url": f"{EVIL_URL}/{item_id}", "type": "website"},
            ]
            if n == 1:
                response["evidence"].append({"title": RESTRICTED, "reference": text("restricted reference"),
                                             "type": "report", "disclosure": "restricted"})
        responses[item_id] = response
    norms = {
        norm["id"]: {
            "measures_taken": long if norm["id"] == "a" else text(f"measures {norm['id']}"),
            "challenges": text(f"challenges {norm['id']}"),
            "assistance_needed": text(f"assistance {norm['id']}"),
        }
        for norm in SHIPPED_NORMS["norms"]
    }
    return {
        "kind": "assessment",
        "checklist": {"id": "asean-nic", "version": "2024.1"},
        "country": "KHM",
        "date": dt.date(2025, 6, 30),
        "perspective": "government",
        "title": text("title"),
        "assessors": [
            {"name": text("assessor name"), "organisation": text("assessor organisation"),
             "role": text("assessor role")},
            {"name": text("second assessor")},
        ],
        "illustrative": True,
        "responses": responses,
        "norms": norms,
    }


def hostile_checklist() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shipped checklist and norms, as a facilitator might edit them: payloads in every item and norm title."""
    checklist = copy.deepcopy(SHIPPED_CHECKLIST)
    checklist["title"] = f"{PAYLOADS[0]} {JINJA} checklist"
    for n, item in enumerate(checklist["items"]):
        item["text"] = f"{PAYLOADS[n % len(PAYLOADS)]} ({item['id']})"
        item["guidance"] = f"{PAYLOADS[(n + 5) % len(PAYLOADS)]} guidance"
    norms = copy.deepcopy(SHIPPED_NORMS)
    for n, norm in enumerate(norms["norms"]):
        norm["title"] = PAYLOADS[n]
    return checklist, norms


def dump(path: Path, data: dict[str, Any]) -> Path:
    # normcheck's own writer: PyYAML's pure-Python emitter puts a NEL unescaped in a quoted scalar, which reads back
    # as a space.
    path.write_text(yamlio.dump(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    checklist, norms = hostile_checklist()
    (folder / "local").mkdir()
    dump(folder / "local" / "asean-nic.yaml", checklist)
    dump(folder / "local" / "norms.yaml", norms)
    dump(folder / HOSTILE_NAME, assessment_data(hostile_text(), LONG))
    dump(folder / "plain.yaml", assessment_data(plain_text, "Plain long text."))
    return folder


@pytest.fixture(scope="module")
def hostile(work: Path) -> Path:
    return work / HOSTILE_NAME


@pytest.fixture(scope="module")
def local(work: Path) -> Path:
    return work / "local"


@pytest.fixture(scope="module")
def hostile_json(hostile: Path, local: Path) -> dict[str, Any]:
    return json.loads(ok("score", hostile, "--checklists", local, "--format", "json").stdout)  # type: ignore[no-any-return]


def texts(data: Any) -> Iterator[str]:
    """Every string value in a parsed YAML document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from texts(value)


def words(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_validates(hostile: Path, local: Path) -> None:
    result = ok("validate", hostile, local, "--checklists", local)
    assert "0 error(s)" in result.stderr


def test_hostile_text_scores_exactly_like_plain_text(work: Path, hostile_json: dict[str, Any]) -> None:
    plain = json.loads(ok("score", work / "plain.yaml", "--format", "json").stdout)

    def numbers(card: dict[str, Any]) -> Any:
        return (
            card["overall"],
            [(n["id"], n["stage"], n["index"], n["met"], n["applicable"], [b["id"] for b in n["blockers"]],
              n["unevidenced"]) for n in card["norms"]],
            [(i["id"], i["status"], i["counted_as"], i["credit"], i["met"]) for i in card["items"]],
        )

    assert numbers(hostile_json) == numbers(plain)
    assert any(n["stage"] for n in plain["norms"])
    assert any(n["blockers"] for n in plain["norms"])


def test_json_carries_the_text_exactly(hostile_json: dict[str, Any]) -> None:
    checklist, norms = hostile_checklist()
    assert hostile_json["checklist"]["name"] == checklist["title"]
    assert [n["title"] for n in hostile_json["norms"]] == [n["title"] for n in norms["norms"]]
    assert [i["text"] for i in hostile_json["items"]] == [i["text"] for i in checklist["items"]]
    by_id = {i["id"]: i["text"] for i in checklist["items"]}
    assert all(b["text"] == by_id[b["id"]] for n in hostile_json["norms"] for b in n["blockers"])


def test_the_table_prints_the_text_as_typed(hostile: Path, local: Path, hostile_json: dict[str, Any]) -> None:
    out = ok("score", hostile, "--checklists", local, "--explain").stdout
    # The terminal table wraps lines and drops CR (a bare CR would overwrite the line on screen); the rest is verbatim.
    shown = words(out)
    expected = [n["title"] for n in hostile_json["norms"]]
    expected += [b["text"] for n in hostile_json["norms"] for b in n["blockers"]]
    assert expected[len(hostile_json["norms"]):], "no blockers: the explanation would print no item text"
    for text in expected:
        assert words(text.replace("\r", "")) in shown, text
    for payload in PAYLOADS[:10]:  # the norm titles: markup, emoji codes and all
        assert payload in out, payload


def test_csv_neutralises_formulas_and_keeps_the_rest(work: Path, local: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(work)
    out = ok("score", HOSTILE_NAME, "--checklists", local, "--format", "csv").stdout
    header, *rows = list(csv.reader(io.StringIO(out)))
    file, title = header.index("file"), header.index("title")
    _, norms = hostile_checklist()
    titles = [n["title"] for n in norms["norms"]]
    assert [r[title] for r in rows[:-1]] == [neutralise_formula(t) for t in titles]
    for cell, text in zip([r[title] for r in rows[:-1]], titles, strict=True):
        assert cell == ("'" + text if text.startswith(FORMULA_START) else text)
    assert {r[file] for r in rows} == {"'" + HOSTILE_NAME}
    assert not [c for r in rows for c in r if c.startswith(FORMULA_START)]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_the_html_report_escapes_everything(work: Path, hostile: Path, local: Path) -> None:
    out = work / "hostile.html"
    ok("report", hostile, "--checklists", local, "-o", out, "--format", "html", "--force")
    html = out.read_bytes().decode("utf-8")  # read_text would turn the CR in the text into a line feed
    page = _Page()
    page.feed(html)
    page.close()
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert not [(tag, name) for tag, attrs in page.tags for name, _ in attrs if name.lower().startswith("on")]
    assert all((dict(attrs).get("src") or "").startswith("data:") for tag, attrs in page.tags if tag == "img")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = "".join(page.data)
    assert TAIL in text
    assert "{% for x in y %}" in text
    assert "${7*7}" in text
    assert "before 49 after" not in text
    assert RESTRICTED not in html
    assert "[restricted reference]" not in html
    assert LONG in text
    written = yamlio.load(hostile).data
    shown = [t for t in texts(written) if t != RESTRICTED and "restricted reference" not in t]
    missing = [t for t in shown if t.startswith(PAYLOADS) and t not in text]
    assert not missing, missing[:3]


def test_the_pdf_report_renders_the_text_and_fetches_nothing(
    work: Path, hostile: Path, local: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normcheck.report import pdf

    fetched: list[str] = []
    original = pdf.GeneratedOnlyFetcher.fetch

    def recording(self: Any, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.GeneratedOnlyFetcher, "fetch", recording)
    out = work / "hostile.pdf"
    result = ok("report", hostile, "--checklists", local, "-o", out, "--force")
    assert fetched
    assert all(url.startswith("data:") for url in fetched)
    assert "evil.example" not in result.stderr
    assert "does not load" not in result.stderr
    text = words(" ".join(page.extract_text() for page in PdfReader(out).pages))
    assert JINJA in text
    assert "HYPERLINK" in text
    assert "before 49 after" not in text


def test_the_spreadsheet_form_holds_text_never_formulas(work: Path, local: Path) -> None:
    out = work / "form.xlsx"
    ok("sheet", "export", "--checklists", local, "--checklist", "asean-nic", "--country", "KHM", "-o", out, "--force")
    wb = openpyxl.load_workbook(out)
    formulas = [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert not formulas
    checklist, norms = hostile_checklist()
    responses = wb["Responses"]
    cells = [responses.cell(row=r, column=5) for r in range(2, len(checklist["items"]) + 2)]
    # XML reads a CR in a cell as a line feed, as a spreadsheet shows it; nothing else changes.
    assert [c.value for c in cells] == [i["text"].replace("\r", "\n") for i in checklist["items"]]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if str(c.value).startswith(FORMULA_START))
    titles = [wb["Norms"].cell(row=r, column=2).value for r in range(2, len(norms["norms"]) + 2)]
    assert titles == [n["title"].replace("\r", "\n") for n in norms["norms"]]


def test_init_from_a_hostile_checklist_writes_a_valid_file(work: Path, local: Path) -> None:
    """Titles go into YAML comments: a CR or NEL in one must not end the comment and spill text into the YAML."""
    out = work / "blank.yaml"
    ok("init", "--checklists", local, "--checklist", "asean-nic", "--country", "KHM", "-o", out, "--force")
    ok("validate", out, "--checklists", local)
    assert "# --- Norm (k) tab here, carriage return\n" in out.read_bytes().decode("utf-8")


def test_written_yaml_loads_back_to_the_same_text(hostile: Path, local: Path, tmp_path: Path) -> None:
    """What migrate and sheet import write keeps every character: the same assessment comes back."""
    catalog = Catalog.discover([local])
    checklist = catalog.checklists[("asean-nic", "2024.1")].value
    original = Assessment.model_validate(yamlio.load(hostile).data)
    text = assessment_yaml(original, checklist, catalog.norm_sets[checklist.norms].value, comments=[PAYLOADS[0]])
    assert Assessment.model_validate(yamlio.parse(text, "out.yaml").data) == original


def test_a_form_cell_with_a_control_character_is_refused_with_its_cell(catalog: Catalog) -> None:
    checklist = catalog.checklists[("asean-nic", "2024.1")].value
    form = export_form(checklist, catalog.norm_sets[checklist.norms].value, catalog.model(), "KHM",
                       dt.date(2026, 11, 22))
    wb = openpyxl.load_workbook(io.BytesIO(form))
    wb["Responses"]["H2"].value = "8-bit CSI \x9b2J here"  # XML carries C1 controls, so a crafted file can
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(InputError) as info:
        import_form(buffer.getvalue(), "form.xlsx", {k: v.value for k, v in catalog.checklists.items()})
    assert [str(i) for i in info.value.issues] == [
        "form.xlsx:Responses!H2: the text contains the control character U+009B; delete it"
    ]


def test_an_evidence_link_with_a_control_character_is_refused() -> None:
    with pytest.raises(ValueError, match="contains spaces or control characters"):
        check_public_http("http://evil\x9b.example/")
