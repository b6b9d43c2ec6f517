"""Fixtures for the report tests: small assessments under tests/data/report, scored once per session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from normcheck.catalog import Catalog
from normcheck.report.build import load_entries
from normcheck.report.entries import Entry, Series, group_series

DATA = Path(__file__).resolve().parents[1] / "data" / "report"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def load(catalog: Catalog) -> Callable[..., list[Entry]]:
    def _load(*names: str) -> list[Entry]:
        entries, _ = load_entries([DATA / n for n in names], catalog, TODAY, "normcheck-maturity")
        return entries

    return _load


@pytest.fixture(scope="session")
def region(load: Callable[..., list[Entry]]) -> list[Series]:
    return group_series(load("asean"))


@pytest.fixture(scope="session")
def thailand(load: Callable[..., list[Entry]]) -> Series:
    (series,) = group_series(load("asean/tha-2023.yaml", "asean/tha-2024.yaml"))
    return series
