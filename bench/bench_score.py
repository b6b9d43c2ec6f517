"""Scoring cost against its floors, measured side by side in one run and printed as ratios.

1. Scoring every assessment in one process vs only parsing the same files with PyYAML's C loader.
2. `normcheck score FILE` as a whole process vs `python -c "import pydantic, yaml"`.
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


def whole_process(sample: Path, runs: int = 15) -> tuple[float, float]:
    floor_cmd = [sys.executable, "-c", "import pydantic, yaml"]
    score_cmd = [sys.executable, "-c", "from normcheck.cli import main; main()", "score", str(sample), "-f", "json"]
    floor, score = [], []
    for _ in range(runs):
        floor.append(timed(lambda: subprocess.run(floor_cmd, check=True, capture_output=True)))
        score.append(timed(lambda: subprocess.run(score_cmd, check=True, capture_output=True)))
    return statistics.median(floor), statistics.median(score)


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
    floor, score = whole_process(sample)
    print(f"{'2. normcheck score one file vs import pydantic, yaml':58} {floor:8.3f}s {score:9.3f}s "
          f"{score / floor:6.2f}  <= 2")


if __name__ == "__main__":
    main()
