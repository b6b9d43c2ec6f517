"""The facilitator workflow of the README, end to end through the CLI, and the wiring of each new command."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from normcheck import yamlio
from normcheck.cli import app
from normcheck.models.assessment import Assessment

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]

SUPERSEDES = '''version: "2025.1"
supersedes:
  version: "2024.1"
  changes:
    - renamed: {from: asean-a-08, to: asean-a-09}
    - split: {from: asean-b-02, into: [asean-b-02, asean-b-09]}
    - merged: {from: [asean-c-01, asean-c-02], into: asean-c-01}
    - removed: {id: asean-d-03, reason: "Covered by asean-d-01 after the 2025 workshop"}'''


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def item_block(text: str, item_id: str) -> re.Match[str]:
    found = re.search(rf"  - id: {item_id}\n(?:    .*\n|\n(?=    ))*", text)
    assert found is not None, item_id
    return found


def new_version(path: Path) -> None:
    """The edit a facilitator makes by hand: the README's supersedes block, and the items to match it."""
    text = path.read_text(encoding="utf-8").replace('version: "2024.1"', SUPERSEDES, 1)
    text = text.replace("  - id: asean-a-08\n", "  - id: asean-a-09\n")
    for gone in ("asean-c-02", "asean-d-03"):
        block = item_block(text, gone)
        text = text[: block.start()] + text[block.end():]
    block = item_block(text, "asean-b-02")
    part = re.sub(r"    text: >-\n(?:      .*\n)+", "    text: >-\n      Keep a register of the incidents assessed.\n",
                  block.group(0).replace("asean-b-02", "asean-b-09"))
    path.write_text(text[: block.end()] + "\n" + part + text[block.end():], encoding="utf-8")


EVIDENCE_ITEMS = ("asean-a-08", "asean-b-02", "asean-c-01", "asean-c-02", "asean-d-03")


def fill_form(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    responses, evidence = wb["Responses"], wb["Evidence"]
    rows = {responses.cell(row=r, column=1).value: r for r in range(2, responses.max_row + 1)}
    for n, item_id in enumerate(EVIDENCE_ITEMS, start=2):
        responses.cell(row=rows[item_id], column=7).value = "full" if item_id != "asean-c-02" else "partial"
        responses.cell(row=rows[item_id], column=8).value = f"Notes on {item_id}."
        for col, value in enumerate((item_id, f"Evidence for {item_id}", None, f"Ref {item_id}", "policy"), 1):
            evidence.cell(row=n, column=col).value = value
    wb["About"]["A13"].value = "National cyber norms working group"
    wb.save(path)


def test_the_readme_workflow_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checklists").mkdir()
    (tmp_path / "assessments").mkdir()
    # 1-2: a form goes out, comes back filled in, and is imported
    assert run("sheet", "export", "--checklist", "asean-nic", "--country", "KHM", "-o", "khm-form.xlsx")[0] == 0
    fill_form(tmp_path / "khm-form.xlsx")
    code, _, err = run("sheet", "import", "khm-form.xlsx", "-o", "assessments/khm-2026.yaml")
    assert code == 0, err
    assert "Wrote assessments/khm-2026.yaml: 5 of 88 items answered, 5 evidence." in err
    # 3: the checklist becomes a new version, which lints clean
    assert run("checklist", "show", "asean-nic", "-o", "checklists/asean-nic-2025.1.yaml")[0] == 0
    new_version(tmp_path / "checklists" / "asean-nic-2025.1.yaml")
    code, _, err = run("checklist", "lint", "checklists/")
    assert code == 0, err
    assert "1 file(s) linted: 0 error(s), 0 warning(s)." in err
    # 4: the diff, for the minutes
    assert run("checklist", "show", "asean-nic", "--version", "2024.1", "-o", "asean-nic-2024.1.yaml")[0] == 0
    code, out, err = run("checklist", "diff", "asean-nic-2024.1.yaml", "checklists/asean-nic-2025.1.yaml", "-f", "md")
    assert code == 0, err
    assert "1 removed, 1 renamed, 1 split, 1 merged." in out
    assert "| split | asean-b-02 | asean-b-02, asean-b-09 | copied to each part and marked for review |" in out
    # 5: dry run writes nothing, then the migration writes new files and leaves the old one alone
    before = (tmp_path / "assessments" / "khm-2026.yaml").read_bytes()
    args = ("migrate", "assessments/", "--to", "checklists/asean-nic-2025.1.yaml", "-o", "migrated/")
    code, out, err = run(*args, "--dry-run")
    assert code == 0, err
    assert "assessments/khm-2026.yaml -> migrated/khm-2026.yaml\n  2024.1 -> 2025.1: 4 item(s) affected\n" in out
    assert "    merged   asean-c-01, asean-c-02 -> asean-c-01  full + partial -> partial, 2 evidence kept; " \
           "marked for review" in out
    assert "Dry run: nothing was written." in err
    assert not (tmp_path / "migrated").exists()
    code, out2, err = run(*args)
    assert code == 0, err
    assert out2 == out
    assert (tmp_path / "assessments" / "khm-2026.yaml").read_bytes() == before
    migrated_text = (tmp_path / "migrated" / "khm-2026.yaml").read_text(encoding="utf-8")
    migrated = Assessment.model_validate(yamlio.parse(migrated_text, "m").data)
    for item_id in EVIDENCE_ITEMS:
        assert f"Evidence for {item_id}" in migrated_text
        assert f"Notes on {item_id}." in migrated_text
    assert migrated.retired_responses["asean-d-03"].reason == "Covered by asean-d-01 after the 2025 workshop"
    assert migrated.responses["asean-b-09"].review
    # 6: the migrated file validates (reporting the answers to review) and scores
    code, _, err = run("validate", "migrated/")
    assert code == 0, err
    assert "3 answer(s) carried over by a migration are marked for review: asean-b-02, asean-b-09, asean-c-01" in err
    code, out, err = run("score", "migrated/khm-2026.yaml", "--format", "json")
    assert code == 0, err
    assert '"version": "2025.1"' in out


def test_a_bad_form_exits_3_listing_every_cell(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    assert run("sheet", "export", "--checklist", "asean-nic", "--country", "THA", "-o", str(form))[0] == 0
    wb = openpyxl.load_workbook(form)
    wb["Responses"]["G2"].value = "done"
    wb["Responses"]["G3"].value = "not_applicable"
    wb.save(form)
    code, out, err = run("sheet", "import", str(form), "-o", str(tmp_path / "a.yaml"))
    assert code == 3
    assert out == ""
    assert err.splitlines() == [
        f"{form}:Responses!G2: 'done' is not a status; choose one of: not_started, planned, partial, largely, full, "
        "not_applicable",
        f"{form}:Responses!I3: not_applicable needs a reason here: say why the action does not apply",
        "normcheck: 2 error(s); nothing was scored or written.",
    ]
    assert not (tmp_path / "a.yaml").exists()


def test_lang_is_checked_and_fallbacks_are_counted(tmp_path: Path) -> None:
    code, _, err = run("init", "--checklist", "asean-nic", "--country", "IDN", "--lang", "Indonesian",
                       "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "'Indonesian' is not a language tag; did you mean 'id' (Indonesian)?" in err
    code, _, err = run("init", "--checklist", "asean-nic", "--country", "IDN", "--lang", "id",
                       "-o", str(tmp_path / "idn.yaml"))
    assert code == 0, err
    assert ("normcheck: Indonesian: 88 of 88 item(s) and 0 of 11 norm(s) fell back to English (no translation, or "
            "only part of one).") in err
    text = (tmp_path / "idn.yaml").read_text(encoding="utf-8")
    assert "# --- Norm (a) Bekerja sama agar penggunaan TIK stabil dan aman" in text
    code, _, err = run("sheet", "export", "--checklist", "asean-nic", "--country", "VNM", "--lang", "vi",
                       "-o", str(tmp_path / "vnm.xlsx"))
    assert code == 0, err
    responses = openpyxl.load_workbook(tmp_path / "vnm.xlsx")["Responses"]
    assert responses["B2"].value == "(a) Hợp tác để việc sử dụng CNTT-TT ổn định và an toàn"


def test_report_takes_lang(tmp_path: Path, repo: Path) -> None:
    out = tmp_path / "tha.html"
    code, _, err = run("report", str(repo / "assessments" / "asean" / "tha-2025-06.yaml"), "-o", str(out),
                       "--lang", "id")
    assert code == 0, err
    assert "88 of 88 item(s) and 0 of 11 norm(s) fell back to English" in err
    assert "Melindungi infrastruktur kritis nasional dari ancaman TIK" in out.read_text(encoding="utf-8")


def test_lint_strict_fails_on_warnings_and_diff_checks_its_format(tmp_path: Path) -> None:
    data = yaml.safe_load((REPO / "tests" / "data" / "versions" / "mini-1.0.yaml").read_text("utf-8"))
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run("checklist", "lint", str(path))[0] == 0
    code, _, err = run("checklist", "lint", "--strict", str(path))
    assert code == 3
    assert "1 file(s) linted: 0 error(s), 1 warning(s)." in err
    versions = REPO / "tests" / "data" / "versions"
    code, _, err = run("checklist", "diff", str(versions / "mini-1.0.yaml"), str(versions / "mini-2.0.yaml"),
                       "--format", "xml")
    assert code == 2
    assert "'xml': choose table or md" in err


def test_migrate_refuses_a_mapping_that_loses_answers(tmp_path: Path) -> None:
    target = tmp_path / "asean-nic-2025.1.yaml"
    assert run("checklist", "show", "asean-nic", "-o", str(target))[0] == 0
    new_version(target)
    target.write_text(target.read_text("utf-8").replace(
        '    - removed: {id: asean-d-03, reason: "Covered by asean-d-01 after the 2025 workshop"}\n', ""), "utf-8")
    code, out, err = run("migrate", str(REPO / "assessments" / "asean" / "tha-2025-06.yaml"), "--to", str(target),
                         "-o", str(tmp_path / "out"))
    assert code == 3
    assert out == ""
    assert ("supersedes.changes: item 'asean-d-03' of 2024.1 is not in 2025.1 and no change accounts for it; add a "
            "renamed, split, merged or removed entry so its answers are not lost") in err
    assert not (tmp_path / "out").exists()


def test_migrate_never_writes_over_its_input(tmp_path: Path) -> None:
    target = tmp_path / "asean-nic-2025.1.yaml"
    assert run("checklist", "show", "asean-nic", "-o", str(target))[0] == 0
    new_version(target)
    source = tmp_path / "tha.yaml"
    source.write_bytes((REPO / "assessments" / "asean" / "tha-2025-06.yaml").read_bytes())
    code, _, err = run("migrate", str(source), "--to", str(target), "-o", str(tmp_path), "--force")
    assert code == 3
    assert "the migrated file would replace this one" in err
    code, _, err = run("migrate", str(source), "--to", str(target))
    assert code == 0, err
    assert (tmp_path / "tha-2025.1.yaml").is_file()
    assert "put " in err  # the new version is not where scoring finds it


def test_pre_commit_hooks_run_real_commands(repo: Path) -> None:
    hooks = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["normcheck-validate", "normcheck-lint"]
    for hook in hooks:
        assert hook["language"] == "python"
        args = hook["entry"].split()[1:]
        code, _, err = run(*args, str(repo / "checklists" / "asean-nic.yaml"))
        assert code == 0, (hook["id"], err)


def test_the_readme_documents_every_facilitator_command(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Facilitators"):]
    for command in ("normcheck sheet export", "normcheck sheet import", "normcheck checklist show",
                    "normcheck checklist lint", "normcheck checklist diff", "--dry-run", "normcheck migrate",
                    "normcheck score", ".pre-commit-hooks.yaml", "supersedes:", "--lang"):
        assert command in section, command
    for name, group in (("lint", "checklist"), ("diff", "checklist"), ("show", "checklist"),
                        ("export", "sheet"), ("import", "sheet")):
        code, out, _ = run(group, name, "--help")
        assert code == 0
        assert out.strip()
        assert f"normcheck {group} {name}" in readme


def test_report_each_takes_lang_and_says_once_what_fell_back(tmp_path: Path, repo: Path) -> None:
    folder = repo / "assessments" / "asean"
    out = tmp_path / "cards"
    code, _, err = run("report", "--each", str(folder / "tha-2025-06.yaml"), str(folder / "vnm-2025-04.yaml"),
                       "-o", str(out), "--format", "html", "--lang", "id")
    assert code == 0, err
    assert err.count("88 of 88 item(s) and 0 of 11 norm(s) fell back to English") == 1
    for name in ("tha-2025-06.html", "vnm-2025-04.html"):
        assert "Melindungi infrastruktur kritis nasional dari ancaman TIK" in (out / name).read_text(encoding="utf-8")
