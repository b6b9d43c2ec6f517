"""The Jinja environment: autoescaped, strict, with a facilitator's templates taking precedence over ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from normcheck.catalog import packaged_dir
from normcheck.errors import UsageError

STYLESHEET = "report.css"


def shipped_dir() -> Path:
    return packaged_dir("report_templates")


class Templates:
    """The report templates: `template_dir` first (any file there replaces ours), then the shipped folder."""

    def __init__(self, template_dir: Path | None = None) -> None:
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(f"--template-dir {template_dir}: not a folder")
        folders = [template_dir] if template_dir is not None else []
        folders.append(shipped_dir())
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def stylesheet(self) -> str:
        """The raw CSS, read through the same loader so a facilitator's report.css wins."""
        source, _, _ = self.env.loader.get_source(self.env, STYLESHEET)  # type: ignore[union-attr]
        return source

    def render(self, name: str, *, inline_css: bool, **context: Any) -> str:
        css = Markup(self.stylesheet()) if inline_css else None  # our own or the facilitator's file, not data
        try:
            return self.env.get_template(name).render(css=css, **context)
        except jinja2.TemplateSyntaxError as exc:
            raise UsageError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise UsageError(f"template {exc.name!r} not found in the template folders") from None
        except jinja2.UndefinedError as exc:
            raise UsageError(f"template {name}: {exc.message}") from None
