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
    checklists: ChecklistsOpt = None,
) -> None:
    """Create a blank assessment listing every item, its text and tier as comments."""
    from normcheck.blank import blank_assessment
    from normcheck.countries import check_alpha3
    from normcheck.writing import write_atomic

    try:
        code = check_alpha3(country)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--country") from None
    catalog = _catalog(checklists)
    found = catalog.checklists.get((checklist, version)) if version else catalog.latest(checklist)
    if found is None:
        known = ", ".join(f"{i} {v}" for i, v in sorted(catalog.checklists)) or "none"
        raise UsageError(
            f"no checklist {checklist!r}{f' version {version!r}' if version else ''} (known: {known})"
        )
    norms = catalog.norm_sets[found.value.norms].value
    write_atomic(output, blank_assessment(found.value, norms, code, _today()), force=force)
    typer.echo(
        f"Wrote {output}: {len(found.value.items)} items of {found.value.id} {found.value.version}.", err=True
    )


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
) -> None:
    """Write JSON Schema files for the YAML files, so editors autocomplete and flag errors as you type."""
    from normcheck.schemas import schema_texts
    from normcheck.writing import write_atomic

    stale = []
    for name, text in schema_texts().items():
        path = output / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            if not output.is_dir():
                output.mkdir(parents=True)
            write_atomic(path, text, force=True)
            typer.echo(f"Wrote {path}", err=True)
    if check and stale:
        typer.echo("Out of date: " + ", ".join(map(str, stale)) + "; run `normcheck schema`", err=True)
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def main() -> None:
    app()
