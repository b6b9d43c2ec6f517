"""The package's public API resolves, and importing the CLI does not load the whole library."""

from __future__ import annotations

import subprocess
import sys

import pytest

import normcheck


@pytest.mark.parametrize("name", normcheck.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(normcheck, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        normcheck.nope  # noqa: B018


def test_importing_the_cli_loads_neither_models_nor_weasyprint() -> None:
    code = "import sys, normcheck.cli; print(sorted(m for m in sys.modules if m.startswith(('normcheck.', 'weasy'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "normcheck.models" not in loaded
    assert "weasyprint" not in loaded
