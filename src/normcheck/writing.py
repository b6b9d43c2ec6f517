"""Write outputs atomically, and never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from normcheck.errors import UsageError


def write_atomic(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place: a reader sees all or nothing."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name or pass --force to replace it")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageError(f"the folder {folder} does not exist; create it first")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def _cannot_write(path: Path, exc: OSError) -> UsageError:
    """A full disk or a read-only folder is the user's to fix, not a bug: a message, not a traceback."""
    return UsageError(f"cannot write {path}: {exc.strerror or exc}")
