"""Input problems with their position, the one library exception, and the documented exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of the command line, documented in the README."""

    OK = 0
    THRESHOLD_MISSED = 1
    USAGE = 2
    INVALID_INPUT = 3


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one input file, located as precisely as the YAML allows."""

    path: str
    line: int
    col: int
    loc: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f" {self.loc}:" if self.loc else ""
        prefix = " warning:" if self.severity is Severity.WARNING else ""
        return f"{where}:{prefix}{field} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.path, 0, self.line, self.col, self.loc, self.message)


@dataclass(frozen=True, slots=True)
class SheetIssue(Issue):
    """A problem in a spreadsheet cell, printed as `form.xlsx:Responses!G14: message`.

    `line` and `col` are the 1-based row and column; row 0 means the sheet as a whole.
    """

    sheet: str = ""
    sheet_index: int = 0

    def __str__(self) -> str:
        cell = f"!{column_letter(self.col)}{self.line}" if self.line else ""
        field = f" {self.loc}:" if self.loc else ""
        prefix = " warning:" if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.sheet}{cell}:{prefix}{field} {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.path, self.sheet_index, self.line, self.col, self.loc, self.message)


def column_letter(number: int) -> str:
    """1 -> 'A', 27 -> 'AA', as spreadsheets name columns."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: i.sort_key)


class NormcheckError(Exception):
    """Base of every error normcheck raises on purpose; the CLI maps it to an exit code."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT


class InputError(NormcheckError):
    """One or more input files are invalid. Carries every issue found, not only the first."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = sort_issues(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    @classmethod
    def single(cls, path: Path | str, message: str, line: int = 1, col: int = 1, loc: str = "") -> InputError:
        return cls([Issue(str(path), line, col, loc, message)])


class UsageError(NormcheckError):
    """The command was asked for something it cannot do (an output exists, an unknown checklist id...)."""

    exit_code = ExitCode.USAGE
