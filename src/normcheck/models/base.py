"""The strict base every input model shares."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class StrictModel(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise be dropped silently and an answer lost."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, use_attribute_docstrings=False, defer_build=True
    )


# Control characters are refused where text enters: by the YAML reader and the spreadsheet importer.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$"),
    Field(description="Lowercase letters, digits, '.', '_' and '-'; starts with a letter or digit."),
]
Version = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,39}$"),
    Field(description="A version label such as '2024.1'. Quote it in YAML so it stays text."),
]


LOCALE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
Locale = Annotated[
    str,
    StringConstraints(pattern=LOCALE_PATTERN),
    Field(
        description="A BCP 47 language tag: a 2- or 3-letter lowercase language code, optionally a script and a "
        "region, e.g. 'id', 'ms', 'th', 'vi', 'km', 'lo', 'my', 'fil', 'tet', 'pt' or 'pt-TL'."
    ),
]


class Source(StrictModel):
    """Where a norm or an item comes from."""

    document: Text = Field(description="Document symbol (e.g. 'A/76/135') or publication title.")
    locator: Text | None = Field(
        default=None, description="Paragraph, section or page within the document (e.g. 'para 13(g)')."
    )
