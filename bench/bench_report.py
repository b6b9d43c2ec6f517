"""`normcheck report` at the scale of the 193 UN members, measured side by side in one run and printed as ratios.

3. `normcheck report --each` on the latest synthetic assessment of each country: seconds per scorecard with
   1 worker and with 2 on the same subset (target: a speed-up of at least 1.7), and the peak memory of the parent
   and of its workers for a small and a large number of scorecards (target: flat, for each rendering process and
   for the total; the parent keeps a few hundred bytes per assessment and loads each again to render it).
4. The comparative report of 11, 50 and 193 countries (every year of each, so the latest is compared and the
   earlier give trends): seconds per country (target: linear, so the time per country does not grow).

Every measurement is a whole `normcheck` process started afresh (interpreter, imports, loading, scoring,
rendering, writing); configurations are interleaved round by round. Peak memory is each process's VmHWM from
/proc, read every 50 ms until it exits (Linux only): the normcheck process, and its children running the same
interpreter (the rendering workers and multiprocessing's small resource tracker). The machine's own ceiling
for two processes, a pure-Python loop run twice one after the other and then twice at once, is printed first:
other work on the machine lowers it.

The full run takes about ten minutes on two cores:
    .venv/bin/python bench/generate.py /tmp/synth
    .venv/bin/python bench/bench_report.py /tmp/synth [--each-count 40] [--small 8] [--no-full] [--rounds 1]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NORMCHECK = [sys.executable, "-c", "from normcheck.cli import main; main()"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1750000000"}
SPEEDUP_TARGET = 1.7
FLAT_TARGET = 1.1  # peak memory of the large run over the small one
LINEAR_TARGET = 1.1  # time per country of the largest report over the middle one


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of normcheck and its workers
    parent_mb: float
    worker_mb: tuple[float, ...]

    @property
    def total_mb(self) -> float:
        return self.parent_mb + sum(self.worker_mb)


def _hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _exe(pid: int) -> str | None:
    try:
        return str(Path(f"/proc/{pid}/exe").readlink())
    except OSError:
        return None


def _workers(pid: int) -> list[int]:
    """The worker processes of `pid`: its children running the same interpreter (not the short-lived helpers,
    such as ldconfig, that loading WeasyPrint's libraries starts)."""
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()]
    except (OSError, ValueError):
        return []
    exe = _exe(pid)
    return [c for c in children if exe is not None and _exe(c) == exe]


def measure(args: Sequence[str]) -> Run:
    """Run `normcheck ARGS` and follow the peak memory of it and of every worker it starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([*NORMCHECK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in (process.pid, *_workers(process.pid)):
            seen = _hwm_kb(pid)
            if seen is not None:
                peaks[pid] = max(peaks.get(pid, 0), seen)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    err = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"normcheck {' '.join(args[:3])} ... failed ({process.returncode}):\n{err[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    workers = tuple(kb / 1024 for pid, kb in sorted(peaks.items()) if pid != process.pid)
    return Run(wall, cpu, peaks.get(process.pid, 0) / 1024, workers)


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def ceiling(n: int = 15_000_000) -> float:
    """How much faster two processes finish two equal pure-Python loops than one process does: the most any
    two-worker run can gain on this machine right now."""
    start = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        parallel = time.perf_counter() - start
    return serial / parallel


def latest_per_country(folder: Path) -> list[Path]:
    by_country: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.glob("*.yaml")):
        by_country[path.stem.split("-")[0]].append(path)
    return [max(paths) for _, paths in sorted(by_country.items())]


def first_countries(folder: Path, count: int) -> list[Path]:
    codes = sorted({p.stem.split("-")[0] for p in folder.glob("*.yaml")})[:count]
    return sorted(p for p in folder.glob("*.yaml") if p.stem.split("-")[0] in codes)


def each(files: Sequence[Path], workers: int, out: Path) -> Run:
    return measure(["report", "--each", *map(str, files), "-o", str(out), "--workers", str(workers), "--force"])


def _median_run(runs: Sequence[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def _mb(run: Run) -> str:
    workers = "+".join(f"{w:.0f}" for w in run.worker_mb) or "-"
    return f"{run.parent_mb:6.0f} {workers:>9} {run.total_mb:7.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=Path("/tmp/synth"), help="output of bench/generate.py")
    parser.add_argument("--each-count", type=int, default=40,
                        help="scorecards in the 1-worker vs 2-worker comparison (a subset keeps the run short)")
    parser.add_argument("--small", type=int, default=8, help="scorecards in the small memory run")
    parser.add_argument("--no-full", action="store_true", help="skip the 2-worker run over every country")
    parser.add_argument("--countries", type=int, nargs="+", default=[11, 50, 193],
                        help="sizes of the comparative reports (the first N countries by code)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every measurement; the median is kept")
    args = parser.parse_args()
    folder = args.root / "asean"
    latest = latest_per_country(folder)
    sizes = sorted(args.countries)
    if len(latest) < max(sizes):
        raise SystemExit(f"{folder} has {len(latest)} countries; run bench/generate.py {args.root} first")
    subset, small = latest[: args.each_count], latest[: args.small]

    print(f"load average at start: {os.getloadavg()[0]:.2f}; CPUs available: {len(os.sched_getaffinity(0))}")
    print(f"two-process ceiling of this machine now (pure-Python loop, serial / parallel): {ceiling():.2f}x\n")
    each_runs: dict[tuple[int, int], list[Run]] = defaultdict(list)
    report_runs: dict[int, list[Run]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        each(small[:1], 1, work / "warm-up")  # fill the page cache and compile the bytecode before measuring
        for _ in range(args.rounds):  # interleaved: every configuration once per round
            for files in (small, subset):
                for workers in (1, 2):
                    each_runs[(len(files), workers)].append(each(files, workers, work / f"each-{workers}"))
            for count in sizes:
                out = work / f"region-{count}.pdf"
                report_runs[count].append(measure(["report", *map(str, first_countries(folder, count)),
                                                   "-o", str(out), "--force"]))
        if not args.no_full:
            each_runs[(len(latest), 2)].append(each(latest, 2, work / "each-full"))

    print("(3) normcheck report --each: one scorecard per country's latest assessment")
    print(f"{'scorecards':>10} {'workers':>7} {'wall s':>8} {'s/card':>7} {'CPU/wall':>8}   "
          f"{'peak MB: parent':>15} {'workers':>9} {'total':>7}")
    each_median = {key: _median_run(runs) for key, runs in sorted(each_runs.items())}
    for (count, workers), run in each_median.items():
        print(f"{count:>10} {workers:>7} {run.wall:8.1f} {run.wall / count:7.2f} {run.cpu / run.wall:8.2f}   "
              f"{'':>6}{_mb(run)}")
    one, two = each_median[(len(subset), 1)], each_median[(len(subset), 2)]
    speedup = one.wall / two.wall
    print(f"speed-up with 2 workers over 1 on {len(subset)} scorecards: {speedup:.2f}x "
          f"(target >= {SPEEDUP_TARGET}: {'met' if speedup >= SPEEDUP_TARGET else 'NOT met'})")
    large = max(count for count, workers in each_median if workers == 2)
    for workers in (1, 2):
        top = max(count for count, w in each_median if w == workers)
        lo, hi = each_median[(len(small), workers)], each_median[(top, workers)]
        render = max(hi.worker_mb, default=hi.parent_mb) / max(lo.worker_mb, default=lo.parent_mb)
        total = hi.total_mb / lo.total_mb
        parent = (hi.parent_mb - lo.parent_mb) / (top - len(small))
        print(f"peak memory with {workers} worker{'s' if workers > 1 else ''}, {top} vs {len(small)} scorecards: "
              f"largest rendering process {render:.2f}x, total {total:.2f}x (target <= {FLAT_TARGET} for both: "
              f"{'met' if max(render, total) <= FLAT_TARGET else 'NOT met'}); "
              f"the parent: {parent * 1024:+.0f} KB per scorecard")
    if large != len(subset):
        print(f"the {large}-scorecard run is every country, with 2 workers")

    print("\n(4) normcheck report FOLDER: the comparative report (latest of each country compared, earlier years give "
          "trends)")
    print(f"{'countries':>9} {'files':>5} {'wall s':>8} {'s/country':>9} {'peak MB':>8}")
    per_country = {}
    for count in sizes:
        run = _median_run(report_runs[count])
        per_country[count] = run.wall / count
        print(f"{count:>9} {len(first_countries(folder, count)):>5} {run.wall:8.1f} {per_country[count]:9.3f} "
              f"{run.parent_mb:8.0f}")
    big, mid, low = sizes[-1], sizes[-2] if len(sizes) > 1 else sizes[-1], sizes[0]
    growth = per_country[big] / per_country[mid]
    print(f"time per country, {big} vs {mid} countries: {growth:.2f}x; {big} vs {low}: "
          f"{per_country[big] / per_country[low]:.2f}x (target <= {LINEAR_TARGET} for {big} vs {mid}: "
          f"{'met' if growth <= LINEAR_TARGET else 'NOT met'})")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}; medians of {args.rounds} round(s) of whole processes; "
          f"CPU/wall of the {big}-country report (one process): "
          f"{statistics.mean(r.cpu / r.wall for r in report_runs[big]):.2f}")


if __name__ == "__main__":
    main()
