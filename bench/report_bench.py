"""Time `normcheck report` for one country and for a region against WeasyPrint rendering the same HTML alone.

Each measurement is a whole process (interpreter start, imports, loading, scoring, rendering, writing), so the
two sides compare like with like; runs are interleaved and the median is reported, because machines are noisy.

    .venv/bin/python bench/report_bench.py [--runs 3] [--country FILE ...] [--region FOLDER]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
NORMCHECK = [sys.executable, "-c", "from normcheck.cli import main; main()"]
WEASYPRINT_ALONE = [
    sys.executable, "-c", "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
]


def _default_inputs() -> tuple[list[Path], Path]:
    examples = REPO / "assessments" / "asean"
    if examples.is_dir():
        return [examples / "tha-2025-06.yaml"], examples
    fixtures = REPO / "tests" / "data" / "report" / "asean"
    return [fixtures / "tha-2023.yaml", fixtures / "tha-2024.yaml"], fixtures


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
    return time.perf_counter() - start


def _measure(name: str, inputs: list[Path], runs: int, work: Path) -> tuple[float, float, int]:
    html = work / f"{name}.html"
    subprocess.run([*NORMCHECK, "report", *map(str, inputs), "-o", str(html), "--force"], check=True,
                   capture_output=True, cwd=REPO)
    ours, alone = [], []
    for _ in range(runs):
        ours.append(_timed([*NORMCHECK, "report", *map(str, inputs), "-o", str(work / f"{name}.pdf"), "--force"]))
        alone.append(_timed([*WEASYPRINT_ALONE, str(html), str(work / f"{name}-alone.pdf")]))
    return statistics.median(ours), statistics.median(alone), len(PdfReader(work / f"{name}.pdf").pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the median is reported")
    parser.add_argument("--country", type=Path, nargs="+", help="assessment file(s) of one country")
    parser.add_argument("--region", type=Path, help="folder of assessments of several countries")
    args = parser.parse_args()
    country, region = _default_inputs()
    cases = [("one country", args.country or country), ("region", [args.region or region])]
    print(f"{'report':<12} {'pages':>5} {'normcheck report':>17} {'WeasyPrint alone':>17} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, inputs in cases:
            ours, alone, pages = _measure(name.replace(" ", "-"), inputs, args.runs, Path(tmp))
            print(f"{name:<12} {pages:>5} {ours:>16.2f}s {alone:>16.2f}s {ours / alone:>6.2f}")
    print(f"median of {args.runs} interleaved runs, whole processes; inputs: "
          + "; ".join(f"{n}: {', '.join(str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in i)}"
                      for n, i in cases))


if __name__ == "__main__":
    main()
