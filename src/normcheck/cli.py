"""The command line: parse arguments, call the library, print, set the exit code. Nothing else."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from normcheck.errors import ExitCode, InputError, Issue, NormcheckError, UsageError

app = typer.Typer(
    name="normcheck",
    help="Measure how far a country has implemented the UN norms of responsible State behaviour online.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])

ChecklistsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--checklists",
        help="Folder of checklists, norms and models that override the built-in ones "
        "(default: ./checklists when it exists). Repeatable.",
    ),
]
ModelOpt = Annotated[str, typer.Option("--model", help="Id of the maturity model to apply.")]
LangOpt = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of the checklist text, e.g. id, ms, th, vi, km, lo, my, fil, tet, pt; "
        "items without a translation are shown in English, and their number is reported.",
    ),
]


def handles_errors(func: F) -> F:
    """The one place where library errors become messages and exit codes; bugs keep their traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _print_issues(exc.issues)
            errors = sum(i.is_error for i in exc.issues)
            typer.echo(f"normcheck: {errors} error(s); nothing was scored or written.", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except NormcheckError as exc:
            typer.echo(f"normcheck: {exc}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None

    return wrapper  # type: ignore[return-value]


def _print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        typer.echo(str(issue), err=True)


def _catalog(dirs: list[Path] | None) -> Any:
    from normcheck.catalog import Catalog

    if dirs is None:
        default = Path("checklists")
        dirs = [default] if default.is_dir() else []
    for folder in dirs:
        if not folder.is_dir():
            raise UsageError(f"--checklists {folder}: not a folder")
    catalog = Catalog.discover(dirs)
    _print_issues(catalog.warnings)
    return catalog


def _today() -> dt.date:
    return dt.date.today()


@app.command()
@handles_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively) to check.")],
    checklists: ChecklistsOpt = None,
) -> None:
    """Check checklists, norms, maturity models and assessments; the kind of each file is detected."""
    from normcheck.checking import validate_paths

    catalog = _catalog(checklists)
    report = validate_paths(paths, catalog, _today())
    _print_issues(report.issues)
    typer.echo(
        f"{report.files} file(s) checked: {report.errors} error(s), {report.warnings} warning(s).", err=True
    )
    if report.errors:
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _stage_threshold(value: str | None) -> int | None:
    if value is None:
        return None
    from normcheck.catalog import Catalog

    if value.isdigit() and 0 <= int(value) <= 5:
        return int(value)
    names = {s.name.lower(): s.level for s in Catalog.discover().model().stages}
    if value.lower() in names:
        return names[value.lower()]
    raise typer.BadParameter(f"{value!r}: give a stage number 0-5 or a stage name ({', '.join(names)})")


@app.command()
@handles_errors
def score(
    assessments: Annotated[list[Path], typer.Argument(help="Assessment files or folders.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    explain: Annotated[
        bool, typer.Option("--explain", help="Show tiers, blockers and unevidenced claims.")
    ] = False,
    fail_under: Annotated[
        str | None,
        typer.Option("--fail-under", help="Exit 1 if an overall stage is below this (0-5 or a name)."),
    ] = None,
    checklists: ChecklistsOpt = None,
    model: ModelOpt = "normcheck-maturity",
) -> None:
    """Score assessments: the stage and index of each norm, what blocks the next stage, and the overall result."""
    from normcheck.catalog import yaml_files
    from normcheck.errors import sort_issues
    from normcheck.formats import Format, Scored, render
    from normcheck.resolve import load_subject

    try:
        output_format = Format(fmt)
    except ValueError:
        raise typer.BadParameter(f"{fmt!r}: choose table, json or csv", param_hint="--format") from None
    threshold = _stage_threshold(fail_under)
    catalog = _catalog(checklists)
    scored, problems = [], []
    for path in yaml_files(assessments):
        try:
            subject = load_subject(path, catalog, _today(), model)
        except InputError as exc:
            problems.extend(exc.issues)
            continue
        _print_issues(list(subject.warnings))
        scored.append(Scored(str(path), subject.score()))
    if problems:
        raise InputError(sort_issues(problems))
    if not scored:
        raise UsageError("no assessment files found in the paths given")
    sys.stdout.write(render(output_format, scored, explain=explain))
    if threshold is not None:
        low = [s for s in scored if s.card.overall.stage is None or s.card.overall.stage < threshold]
        for s in low:
            typer.echo(f"{s.file}: overall stage {s.card.overall.stage} is below {threshold}", err=True)
        if low:
            raise typer.Exit(int(ExitCode.THRESHOLD_MISSED))


@app.command()
@handles_errors
def init(
    checklist: Annotated[str, typer.Option("--checklist", help="Id of the checklist to answer.")],
    country: Annotated[str, typer.Option("--country", help="ISO 3166-1 alpha-3 code, e.g. THA.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to create.")],
    version: Annotated[
        str | None, typer.Option("--version", help="Checklist version (default: latest).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    lang: LangOpt = "en",
    checklists: ChecklistsOpt = None,
) -> None:
    """Create a blank assessment listing every item, its text and tier as comments."""
    from normcheck.blank import blank_assessment
    from normcheck.i18n import localise
    from normcheck.serialise import schema_ref
    from normcheck.writing import write_atomic

    code = _country(country)
    catalog = _catalog(checklists)
    found = _checklist_for(catalog, checklist, version)
    localised = localise(found.value, catalog.norm_sets[found.value.norms].value, _lang(lang))
    text = blank_assessment(localised.checklist, localised.norms, code, _today(), schema=schema_ref(output))
    write_atomic(output, text, force=force)
    _say_fallback(localised.fallback)
    typer.echo(
        f"Wrote {output}: {len(found.value.items)} items of {found.value.id} {found.value.version}.", err=True
    )


def _country(value: str) -> str:
    from normcheck.countries import check_alpha3

    try:
        return check_alpha3(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--country") from None


def _lang(value: str) -> str:
    from normcheck.i18n import check_locale

    try:
        return check_locale(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None


def _say_fallback(fallback: Any) -> None:
    message = fallback.message()
    if message:
        typer.echo(f"normcheck: {message}.", err=True)


def _checklist_for(catalog: Any, checklist: str, version: str | None) -> Any:
    found = catalog.checklists.get((checklist, version)) if version else catalog.latest(checklist)
    if found is None:
        known = ", ".join(f"{i} {v}" for i, v in sorted(catalog.checklists)) or "none"
        raise UsageError(
            f"no checklist {checklist!r}{f' version {version!r}' if version else ''} (known: {known})"
        )
    return found


@app.command("checklists")
@handles_errors
def list_checklists(checklists: ChecklistsOpt = None) -> None:
    """List the checklists normcheck can score against, built-in and local."""
    catalog = _catalog(checklists)
    for (cid, version), loaded in sorted(catalog.checklists.items()):
        value = loaded.value
        typer.echo(
            f"{cid} {version}\t{len(value.items)} items\t{catalog.origin[loaded.path]}\t{value.title}"
            f"\t{loaded.path}"
        )


@app.command()
@handles_errors
def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the JSON Schema files to.")
    ] = Path("schema"),
    check: Annotated[
        bool, typer.Option("--check", help="Only report whether the files are up to date.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist and are out of date.")] = False,
) -> None:
    """Write JSON Schema files for the YAML files, so editors autocomplete and flag errors as you type."""
    from normcheck.schemas import schema_texts
    from normcheck.writing import write_atomic

    stale = {}
    for name, text in schema_texts().items():
        path = output / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale[path] = text
    if check:
        if stale:
            typer.echo("Out of date: " + ", ".join(map(str, stale)) + "; run `normcheck schema --force`", err=True)
            raise typer.Exit(int(ExitCode.INVALID_INPUT))
        return
    _refuse_existing([path for path in stale if path.exists()], force)
    if stale and not output.is_dir():
        output.mkdir(parents=True)
    for path, text in stale.items():
        write_atomic(path, text, force=force)
        typer.echo(f"Wrote {path}", err=True)


def _refuse_existing(existing: list[Path], force: bool) -> None:
    """Check every output before writing the first, so that a refusal leaves nothing half done."""
    if existing and not force:
        if len(existing) == 1:
            raise UsageError(f"{existing[0]} already exists; choose another name or pass --force to replace it")
        shown = ", ".join(map(str, existing[:3])) + (" ..." if len(existing) > 3 else "")
        raise UsageError(f"{shown} already exist; choose other names or pass --force to replace them")


@app.command()
@handles_errors
def report(
    assessments: Annotated[list[Path], typer.Argument(help="Assessment files or folders (searched recursively).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; with --each, a folder.")],
    each: Annotated[
        bool, typer.Option("--each", help="One scorecard per assessment, written into the -o folder.")
    ] = False,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="pdf or html (default: html for a .html output, else pdf).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the report.")] = None,
    template_dir: Annotated[
        Path | None, typer.Option("--template-dir", help="Folder of templates used before the shipped ones.")
    ] = None,
    attach: Annotated[
        bool, typer.Option("--attach/--no-attach", help="Attach the input YAML files to the PDF.")
    ] = True,
    ready_min: Annotated[
        int, typer.Option("--ready-min", min=1, help="States needed at Established or above for a norm to be ready.")
    ] = 2,
    force: Annotated[bool, typer.Option("--force", help="Replace output files that exist.")] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="With --each: processes rendering PDFs at once "
                     "(default: the CPUs available; 1 renders in this process)."),
    ] = None,
    lang: LangOpt = "en",
    checklists: ChecklistsOpt = None,
    model: ModelOpt = "normcheck-maturity",
) -> None:
    """Render PDF or HTML reports: one country's scorecard, or a comparative report over several countries."""
    from normcheck.report.build import (
        OutputFormat,
        ReportOptions,
        build_each,
        build_report,
        in_language,
        language_fallback,
        list_entries,
        load_entries,
        load_entry,
    )
    from normcheck.writing import write_atomic

    try:
        output_format = OutputFormat(fmt) if fmt else OutputFormat.for_path(output)
    except ValueError:
        raise typer.BadParameter(f"{fmt!r}: choose pdf or html", param_hint="--format") from None
    if workers is not None and not each:
        raise typer.BadParameter("applies to --each only: one report is rendered by one process",
                                 param_hint="--workers")
    options = ReportOptions(fmt=output_format, title=title, template_dir=template_dir, attach=attach,
                            ready_min=ready_min)
    catalog = _catalog(checklists)
    language, today = _lang(lang), _today()
    if each:
        listed, warnings = list_entries(assessments, catalog, today, model)
        _print_issues(warnings)
        _say_fallback(language_fallback(catalog, listed[0].checklist_key, language))

        def load(path: Path) -> Any:
            return load_entry(path, catalog, today, model, language)

        with typer.progressbar(length=len(listed), label="Rendering", file=sys.stderr) as bar:
            written, notes = build_each(listed, load, catalog, options, output, workers=workers, force=force,
                                        progress=lambda done, total, name: bar.update(1))
        for note in notes:
            typer.echo(f"normcheck: warning: {note}", err=True)
        typer.echo(f"Wrote {len(written)} scorecard(s) to {output}.", err=True)
        return
    entries, warnings = load_entries(assessments, catalog, today, model)
    _print_issues(warnings)
    entries, fallback = in_language(entries, language)
    if fallback is not None:
        _say_fallback(fallback)
    built = build_report(entries, catalog, options)
    write_atomic(output, built.data, force=force)
    for note in built.warnings:
        typer.echo(f"normcheck: warning: {note}", err=True)
    pages = f", {built.pages} page(s)" if built.pages else ""
    typer.echo(f"Wrote {output}: {built.kind} of {built.countries} country(ies){pages}.", err=True)


checklist_app = typer.Typer(
    help="For facilitators who edit checklists: lint them, compare two versions, print one to start a new version.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(checklist_app, name="checklist")
sheet_app = typer.Typer(
    help="Spreadsheet forms for officials who do not edit YAML: export a blank form, import a filled-in one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(sheet_app, name="sheet")


@checklist_app.command("lint")
@handles_errors
def checklist_lint(
    paths: Annotated[list[Path], typer.Argument(help="Checklist and norms files, or folders of them.")],
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 on warnings too, e.g. in CI.")] = False,
    checklists: ChecklistsOpt = None,
) -> None:
    """The author's checks: every norm at every tier, ids, duplicate text, guidance, sources, translations and
    the mapping from the version a checklist supersedes."""
    from normcheck.catalog import Catalog
    from normcheck.lint import lint_paths

    try:
        catalog = _catalog(checklists)
    except InputError:
        catalog = Catalog.discover()  # the local folder has errors, usually in the very files linted: lint reports them
    report = lint_paths(paths, catalog)
    _print_issues(report.issues)
    typer.echo(f"{report.files} file(s) linted: {report.errors} error(s), {report.warnings} warning(s).", err=True)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@checklist_app.command("diff")
@handles_errors
def checklist_diff(
    old: Annotated[Path, typer.Argument(help="The earlier version's file.")],
    new: Annotated[Path, typer.Argument(help="The later version's file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, or md for Markdown minutes.")] = "table",
    checklists: ChecklistsOpt = None,
) -> None:
    """Items added, removed, reworded, re-tiered and re-weighted between two versions, and the id mapping."""
    from normcheck.checklist_diff import DiffFormat, diff_checklists, render_diff

    try:
        output_format = DiffFormat(fmt)
    except ValueError:
        raise typer.BadParameter(f"{fmt!r}: choose table or md", param_hint="--format") from None
    catalog = _catalog(checklists)
    before = catalog.load_checklist_file(old).value
    after = catalog.load_checklist_file(new, against=before).value
    if before.id != after.id:
        raise UsageError(f"{old} is checklist {before.id!r} and {new} is {after.id!r}; diff two versions of one")
    sys.stdout.write(render_diff(diff_checklists(before, after), output_format))


@checklist_app.command("show")
@handles_errors
def checklist_show(
    checklist_id: Annotated[str, typer.Argument(help="Id of the checklist, e.g. asean-nic.")],
    version: Annotated[str | None, typer.Option("--version", help="Version (default: latest).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of printing it.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    checklists: ChecklistsOpt = None,
) -> None:
    """Print a checklist's YAML file, or copy it with -o into ./checklists as the start of a new version."""
    from normcheck.writing import write_atomic

    found = _checklist_for(_catalog(checklists), checklist_id, version)
    text = Path(found.path).read_text(encoding="utf-8")
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text, force=force)
    typer.echo(f"Wrote {output}: {found.value.id} {found.value.version}; edit its version and add 'supersedes'.",
               err=True)


@app.command()
@handles_errors
def migrate(
    assessments: Annotated[list[Path], typer.Argument(help="Assessment files or folders (searched recursively).")],
    to: Annotated[Path, typer.Option("--to", help="The new checklist version's file.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for the new files (default: beside each, named NAME-VERSION)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print every item affected and each norm's change; write nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace earlier migrated files (never the inputs).")] = False,
    checklists: ChecklistsOpt = None,
    model: ModelOpt = "normcheck-maturity",
) -> None:
    """Carry assessments to a new checklist version along its mapping, into new files; the old ones are untouched."""
    from normcheck.catalog import yaml_files
    from normcheck.migrate import plan_migrations
    from normcheck.writing import write_atomic

    catalog = _catalog(checklists)
    target = catalog.load_checklist_file(to).value
    plans = plan_migrations(yaml_files(assessments), target, catalog, _today(), model, output)
    if not plans:
        raise UsageError("no assessment files found in the paths given")
    for plan in plans:
        sys.stdout.write(plan.report)
    if dry_run:
        typer.echo("Dry run: nothing was written.", err=True)
        return
    _refuse_existing([p.target for p in plans if p.target is not None and p.text is not None and p.target.exists()],
                     force)
    if output is not None and any(p.text for p in plans):
        output.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        if plan.target is not None and plan.text is not None:
            write_atomic(plan.target, plan.text, force=force)
            typer.echo(f"Wrote {plan.target}", err=True)
    if target.key not in catalog.checklists:
        typer.echo(f"normcheck: warning: {target.id} {target.version} is not in ./checklists or --checklists; "
                   f"put {to} there to score the migrated files.", err=True)


@sheet_app.command("export")
@handles_errors
def sheet_export(
    checklist: Annotated[str, typer.Option("--checklist", help="Id of the checklist to answer.")],
    country: Annotated[str, typer.Option("--country", help="ISO 3166-1 alpha-3 code, e.g. THA.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to create.")],
    version: Annotated[str | None, typer.Option("--version", help="Checklist version (default: latest).")] = None,
    lang: LangOpt = "en",
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    checklists: ChecklistsOpt = None,
) -> None:
    """Write a form to fill in without training: instructions, one row per item with a status drop-down,
    evidence, notes, and per-norm measures, challenges and assistance."""
    from normcheck.i18n import localise
    from normcheck.sheets import export_form
    from normcheck.writing import write_atomic

    code = _country(country)
    catalog = _catalog(checklists)
    found = _checklist_for(catalog, checklist, version).value
    localised = localise(found, catalog.norm_sets[found.norms].value, _lang(lang))
    note = localised.fallback.message()
    data = export_form(localised.checklist, localised.norms, catalog.model(), code, _today(), lang=lang,
                       fallback_note=note)
    write_atomic(output, data, force=force)
    _say_fallback(localised.fallback)
    typer.echo(f"Wrote {output}: a form for {code} with {len(found.items)} items of {found.id} {found.version}.",
               err=True)


@sheet_app.command("import")
@handles_errors
def sheet_import(
    form: Annotated[Path, typer.Argument(help="The filled-in .xlsx form.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The assessment YAML file to create.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    checklists: ChecklistsOpt = None,
) -> None:
    """Turn a filled-in form back into an assessment; every problem is reported with its cell."""
    from normcheck.serialise import assessment_yaml, schema_ref
    from normcheck.sheets import load_form
    from normcheck.writing import write_atomic

    catalog = _catalog(checklists)
    imported = load_form(form, {k: v.value for k, v in catalog.checklists.items()})
    _print_issues(list(imported.warnings))
    checklist, assessment = imported.checklist, imported.assessment
    comment = f"Imported by normcheck on {_today().isoformat()} from the form {form.name}."
    text = assessment_yaml(assessment, checklist, catalog.norm_sets[checklist.norms].value, comments=[comment],
                           schema=schema_ref(output))
    write_atomic(output, text, force=force)
    answered = sum(r.status is not None for r in assessment.responses.values())
    evidence = sum(len(r.evidence) for r in assessment.responses.values())
    typer.echo(f"Wrote {output}: {answered} of {len(checklist.items)} items answered, {evidence} evidence.",
               err=True)


def main() -> None:
    app()
