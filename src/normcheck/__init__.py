"""normcheck: score implementation of the UN norms of responsible State behaviour in cyberspace."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from normcheck.catalog import Catalog
    from normcheck.errors import ExitCode, InputError, Issue, NormcheckError, UsageError
    from normcheck.models.scorecard import Scorecard
    from normcheck.resolve import Subject, load_subject
    from normcheck.scoring import score

# The public API is imported on first use, so `import normcheck.errors` (every CLI start) stays cheap.
_EXPORTS = {
    "Catalog": "normcheck.catalog",
    "ExitCode": "normcheck.errors",
    "InputError": "normcheck.errors",
    "Issue": "normcheck.errors",
    "NormcheckError": "normcheck.errors",
    "Scorecard": "normcheck.models.scorecard",
    "Subject": "normcheck.resolve",
    "UsageError": "normcheck.errors",
    "load_subject": "normcheck.resolve",
    "score": "normcheck.scoring",
}
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'normcheck' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
