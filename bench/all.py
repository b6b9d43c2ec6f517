"""Every benchmark in one run: write the synthetic data if it is not there yet, then print each ratio.

    .venv/bin/python bench/all.py [DATA_DIR]     (default /tmp/synth; about fifteen minutes on two cores)

1-2. bench_score.py: scoring vs parsing the YAML alone, and one `normcheck score` process vs its floor.
3-4. bench_report.py: `report --each` with 1 and 2 workers and peak memory; the comparative report at 11, 50
     and 193 countries.
And report_bench.py: a report against WeasyPrint rendering the same HTML alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def run(script: str, *args: str) -> None:
    print(f"\n$ {Path(sys.executable).name} bench/{script} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(BENCH / script), *args], check=True)


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/synth")
    if not (data / "asean").is_dir():
        run("generate.py", str(data))
    run("bench_score.py", str(data))
    run("bench_report.py", str(data))
    run("report_bench.py")


if __name__ == "__main__":
    main()
