"""normcheck: score implementation of the UN norms of responsible State behaviour in cyberspace."""

from normcheck.catalog import Catalog
from normcheck.errors import ExitCode, InputError, Issue, NormcheckError, UsageError
from normcheck.models.scorecard import Scorecard
from normcheck.resolve import Subject, load_subject
from normcheck.scoring import score

__all__ = [
    "Catalog",
    "ExitCode",
    "InputError",
    "Issue",
    "NormcheckError",
    "Scorecard",
    "Subject",
    "UsageError",
    "load_subject",
    "score",
]
__version__ = "0.1.0"
