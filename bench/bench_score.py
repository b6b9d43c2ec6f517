"""Scoring cost against its floors, measured side by side in one run and printed as ratios.

1. Scoring every assessment in one process vs only parsing the same files with PyYAML's C loader.
2. `normcheck score FILE` as a whole process vs `python -c "import pydantic, yaml"`. Also measured: the least any
   typer CLI that validates with pydantic starts in (import typer, build one TypeAdapter), which the product's
   fixed stack costs before normcheck reads a byte; the rest of the time is normcheck's own.
Usage: python bench/generate.py /tmp/synth && python bench/bench_score.py /tmp/synth
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from normcheck.catalog import Catalog
from normcheck.resolve import load_subject

TODAY = dt.date(2026, 11, 22)


def timed(func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def in_process(folder: Path, catalog: Catalog, rounds: int = 3) -> tuple[float, float]:
    files = sorted(folder.glob("*.yaml"))
    texts = {f: f.read_text(encoding="utf-8") for f in files}  # warm the page cache for both sides

    def parse_only() -> None:
        for f in files:
            yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def score_all() -> None:
        for f in files:
            load_subject(f, catalog, TODAY).score()

    assert texts
    parse, score = [], []
    for _ in range(rounds):  # interleaved, so both sides see the same machine noise
        parse.append(timed(parse_only))
        score.append(timed(score_all))
    return statistics.median(parse), statistics.median(score)


STACK = "import typer; from pydantic import TypeAdapter; TypeAdapter(int)"


def whole_process(sample: Path, runs: int = 15) -> tuple[float, float, float]:
    commands = [
        [sys.executable, "-c", "import pydantic, yaml"],
        [sys.executable, "-c", STACK],
        [sys.executable, "-c", "from normcheck.cli import main; main()", "score", str(sample), "-f", "json"],
    ]
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):  # interleaved, so every command sees the same machine noise
        for command, samples in zip(commands, times, strict=True):
            samples.append(timed(lambda c=command: subprocess.run(c, check=True, capture_output=True)))
    floor, stack, score = (statistics.median(t) for t in times)
    return floor, stack, score


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/synth")
    catalog = Catalog.discover([root / "checklists"])
    print(f"{'measure':58} {'floor':>9} {'normcheck':>10} {'ratio':>6}  target")
    for name in sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "checklists"):
        count = len(list((root / name).glob("*.yaml")))
        parse, score = in_process(root / name, catalog)
        print(f"{f'1. score {count} files ({name}) vs C-loader parse only':58} {parse:8.2f}s {score:9.2f}s "
              f"{score / parse:6.2f}  <= 1.3")
    sample = sorted((root / "asean").glob("*.yaml"))[0]
    floor, stack, score = whole_process(sample)
    print(f"{'2. normcheck score one file vs import pydantic, yaml':58} {floor:8.3f}s {score:9.3f}s "
          f"{score / floor:6.2f}  <= 2")
    print(f"{'   of which typer + one pydantic validator, before any work':58} {floor:8.3f}s {stack:9.3f}s "
          f"{stack / floor:6.2f}")
    print(f"   normcheck's own share: {score - stack:.3f}s ({(score - stack) / floor:.2f}x the floor)")


if __name__ == "__main__":
    main()
