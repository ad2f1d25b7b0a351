#!/usr/bin/env python3
"""Measures a benchmark's ratios over several code layouts.

Where the linker puts each function moves a benchmark's times by up to
10% with the same instructions (docs/performance.md, "The machine"), on
either side of a ratio. This builds the benchmark once, links it again
with its functions in N shuffled orders (rust-lld's --shuffle-sections,
one seed per link), runs the alternating rounds of each binary in turn
and prints, for every ratio, the median over the layouts of each layout's
median, and the lowest and highest layout.

    python3 benches/layouts.py                     # compile, 8 layouts, 2 runs each
    python3 benches/layouts.py --bench engine --layouts 8 --runs 3
    python3 benches/layouts.py --against main~1    # this checkout against a commit

With --against, the commit is checked out in a worktree and built too
(target/layouts/against, a build of its own), both are linked in the same
N shuffled orders, and each run takes each layout of the two one right
after the other (taking turns going first), so that a machine whose
speed drifts meets both alike. It prints each side's table and, for
every ratio, this checkout's median against the commit's, as a change
in per cent (negative: this checkout's ratio is lower, so quicker).

It needs rust-lld, which rustup installs with every toolchain
(<sysroot>/lib/rustlib/<host>/bin/gcc-ld). The build goes to
target/layouts (a build of its own: about two minutes). Standard library
only; the same file serves as the linker wrapper during the build.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from worktree import checkout

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "layouts"
# where the linker wrapper keeps a build's link inputs (one place per build)
KEEP = Path(os.environ.get("ALUDEL_LAYOUTS_KEEP", WORK / "inputs"))
AGAINST = WORK / "against"
TMP_DIR = re.compile(re.escape(tempfile.gettempdir()) + r"/rustc\w+")

# compile: "S2        mysql  |  ...times... |  ...ratios..."
COMPILE_ROW = re.compile(r"^(S\d(?: N=\d+)?)\s+(pg|mysql|sqlite)\s+\|[\d. ]*\|([\d. ]*)$")
COMPILE_RATIOS = ["(b)/sea b+r", "(b')/sea", "(a)/(c)", "(d)/(c)", "(a)/sea r"]
ENGINE_S1 = re.compile(r"S1 query_map against rusqlite.*median ratio ([\d.]+)x")
ENGINE_EXECUTE = re.compile(r"S1 execute_with .*median ratio ([\d.]+)x")
ENGINE_CHECKOUT = re.compile(r"S1 checkout_query_map .*median ratio ([\d.]+)x")
ENGINE_BULK = re.compile(r"bulk insert .*median ratio ([\d.]+)x")


def gcc_ld() -> Path:
    """The directory whose ld.lld makes `cc -fuse-ld=lld` use rust-lld."""
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                             text=True, check=True).stdout.strip()
    path = Path(sysroot) / "lib" / "rustlib" / host() / "bin" / "gcc-ld"
    if not (path / "ld.lld").exists():
        sys.exit(f"layouts: no rust-lld at {path} (rustup installs it with the toolchain)")
    return path


def host() -> str:
    out = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("host: "))


def link(args: list[str]) -> int:
    """The linker wrapper: links as `cc` would; the benchmark's own link with
    rust-lld, its inputs and arguments kept for the relinks."""
    bench = os.environ["ALUDEL_LAYOUTS_BENCH"]
    out = args[args.index("-o") + 1] if "-o" in args else ""
    if f"/deps/{bench}-" not in out:
        return subprocess.call(["cc", *args])
    KEEP.mkdir(parents=True, exist_ok=True)
    kept = []
    for arg in args:
        for tmp in set(TMP_DIR.findall(arg)):
            dest = KEEP / Path(tmp).name
            if not dest.exists():
                shutil.copytree(tmp, dest)
            arg = arg.replace(tmp, str(dest))
        if arg == out:
            arg = "{out}"
        elif os.path.isfile(arg) and arg.endswith((".o", ".rlib", ".a")):
            dest = KEEP / f"{len(kept)}-{Path(arg).name}"
            shutil.copy(arg, dest)
            arg = str(dest)
        kept.append(arg)
    (KEEP / "args.json").write_text(json.dumps(kept))
    return relink(out, 0)


def relink(out: str, seed: int, keep: Path = KEEP) -> int:
    args = [a.replace("{out}", out) for a in json.loads((keep / "args.json").read_text())]
    return subprocess.call(["cc", f"-B{gcc_ld()}", "-fuse-ld=lld", *args,
                            f"-Wl,--shuffle-sections=*={seed}"])


def build(bench: str, src: Path = ROOT, target: Path = WORK, keep: Path = KEEP) -> None:
    """Builds the benchmark of the checkout at `src` into `target`, its
    link inputs kept in `keep` for the relinks."""
    shutil.rmtree(keep, ignore_errors=True)
    # touched, so the benchmark is linked again (and its inputs kept)
    for f in (src / "benches" / f"{bench}.rs", src / "benches" / bench / "main.rs"):
        if f.exists():
            f.touch()
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), ALUDEL_LAYOUTS_BENCH=bench,
               ALUDEL_LAYOUTS_LINK="1", ALUDEL_LAYOUTS_KEEP=str(keep))
    env[f"CARGO_TARGET_{host().upper().replace('-', '_')}_LINKER"] = str(Path(__file__).resolve())
    subprocess.run(["cargo", "bench", "--bench", bench, "--no-run"], cwd=src, env=env,
                   check=True)
    if not (keep / "args.json").exists():
        sys.exit("layouts: the benchmark was not linked through the wrapper")


def layouts(bench: str, n: int, name: str, keep: Path) -> dict[int, Path]:
    """The benchmark linked in `n` shuffled orders (seeds 1..n)."""
    binaries = {}
    for seed in range(1, n + 1):
        path = WORK / f"{bench}-{name}layout-{seed}"
        if relink(str(path), seed, keep) != 0:
            sys.exit(f"layouts: the link of layout {seed} failed")
        binaries[seed] = path
    shutil.rmtree(keep, ignore_errors=True)
    return binaries


class Figures:
    """One side's ratios, each per layout."""

    def __init__(self) -> None:
        self.compile_rows: dict[tuple[str, str], list[dict[int, list[float]]]] = {}
        self.engine: dict[str, dict[int, list[float]]] = {
            "S1 query_map / rusqlite": {}, "S1 execute_with / rusqlite": {},
            "S1 checkout_query_map / rusqlite": {},
            "bulk execute_many / rusqlite": {}}

    def add(self, seed: int, out: str) -> None:
        for line in out.splitlines():
            if m := COMPILE_ROW.match(line.rstrip()):
                cols = self.compile_rows.setdefault((m[1], m[2]), [{} for _ in COMPILE_RATIOS])
                for col, value in zip(cols, m[3].split()):
                    col.setdefault(seed, []).append(float(value))
            for name, pat in zip(self.engine, (ENGINE_S1, ENGINE_EXECUTE, ENGINE_CHECKOUT, ENGINE_BULK)):
                if m := pat.search(line):
                    self.engine[name].setdefault(seed, []).append(float(m[1]))

    def rows(self, bench: str) -> dict[str, list[dict[int, list[float]]]]:
        """Each row's ratios: a compile row's five, an engine ratio alone."""
        if bench == "compile":
            return {f"{st:9} {d:6}": cols for (st, d), cols in self.compile_rows.items()}
        return {name: [values] for name, values in self.engine.items()}


def per_layout(values: dict[int, list[float]]) -> list[float]:
    """Each layout's median."""
    return [statistics.median(v) for v in values.values() if v]


def median(values: dict[int, list[float]]) -> float | None:
    """The median over the layouts of each layout's median."""
    medians = per_layout(values)
    return statistics.median(medians) if medians else None


def summary(values: dict[int, list[float]]) -> str:
    medians = per_layout(values)
    if not medians:
        return "-"
    return (f"{statistics.median(medians):.3f} "
            f"[{min(medians):.2f}-{max(medians):.2f}]")


def change(this: dict[int, list[float]], other: dict[int, list[float]]) -> str:
    a, b = median(this), median(other)
    return "-" if a is None or not b else f"{100 * (a / b - 1):+.1f}%"


def report(bench: str, title: str, figures: Figures) -> None:
    print(title)
    rows = figures.rows(bench)
    if bench == "compile":
        print(f"{'stmt':9} {'dial':6} | " + " | ".join(f"{n:18}" for n in COMPILE_RATIOS))
        for row, cols in rows.items():
            print(f"{row} | " + " | ".join(f"{summary(c):18}" for c in cols))
    else:
        for row, (values,) in rows.items():
            print(f"{row}: {summary(values)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", choices=["compile", "engine"], default="compile")
    ap.add_argument("--layouts", type=int, default=8, help="shuffled links (seeds 1..N)")
    ap.add_argument("--runs", type=int, default=2, help="runs of each layout, in turn")
    ap.add_argument("--against", metavar="REV",
                    help="a commit to measure in turn with this checkout")
    opts = ap.parse_args()

    build(opts.bench)
    sides = {"this": layouts(opts.bench, opts.layouts, "", KEEP)}
    if opts.against:
        keep = AGAINST / "inputs"
        build(opts.bench, checkout(opts.against, AGAINST / "src"), AGAINST / "target", keep)
        sides[opts.against] = layouts(opts.bench, opts.layouts, "against-", keep)

    # every layout of every side once per run, so a drifting machine meets
    # them all alike; the sides take turns going first
    figures = {name: Figures() for name in sides}
    env = dict(os.environ, ALUDEL_BENCH_QUICK="1", ALUDEL_BENCH_ROUNDS_ONLY="1")
    for run in range(opts.runs):
        for seed in range(1, opts.layouts + 1):
            order = list(sides.items())
            if (run + seed) % 2:
                order.reverse()
            for name, binaries in order:
                out = subprocess.run([str(binaries[seed]), "--bench"], env=env,
                                     capture_output=True, text=True, check=True).stdout
                print(f"run {run + 1}/{opts.runs}, layout {seed}, {name}", file=sys.stderr)
                figures[name].add(seed, out)

    head = (f"{opts.bench}: {opts.layouts} layouts x {opts.runs} runs; each ratio the median "
            "over the layouts of each layout's median [lowest-highest layout]")
    print()
    if not opts.against:
        report(opts.bench, head, figures["this"])
        return
    report(opts.bench, f"{head}\nthis checkout:", figures["this"])
    print()
    report(opts.bench, f"{opts.against}, measured in turn with it:", figures[opts.against])
    print(f"\nthis checkout against {opts.against}: the change of each ratio's median")
    this, other = figures["this"].rows(opts.bench), figures[opts.against].rows(opts.bench)
    names = COMPILE_RATIOS if opts.bench == "compile" else ["ratio"]
    width = 9 + 1 + 6 if opts.bench == "compile" else max(map(len, this), default=0)
    print(f"{'':{width}} | " + " | ".join(f"{n:12}" for n in names))
    for row, cols in this.items():
        theirs = other.get(row, [{} for _ in cols])
        print(f"{row:{width}} | "
              + " | ".join(f"{change(a, b):12}" for a, b in zip(cols, theirs)))


if __name__ == "__main__":
    if os.environ.get("ALUDEL_LAYOUTS_LINK") == "1":
        sys.exit(link(sys.argv[1:]))
    main()
