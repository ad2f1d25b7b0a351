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

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "layouts"
KEEP = WORK / "inputs"
TMP_DIR = re.compile(re.escape(tempfile.gettempdir()) + r"/rustc\w+")

# compile: "S2        mysql  |  ...times... |  ...ratios..."
COMPILE_ROW = re.compile(r"^(S\d(?: N=\d+)?)\s+(pg|mysql|sqlite)\s+\|[\d. ]*\|([\d. ]*)$")
COMPILE_RATIOS = ["(b)/sea b+r", "(b')/sea", "(a)/(c)", "(d)/(c)", "(a)/sea r"]
ENGINE_S1 = re.compile(r"S1 query_map against rusqlite.*median ratio ([\d.]+)x")
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


def relink(out: str, seed: int) -> int:
    args = [a.replace("{out}", out) for a in json.loads((KEEP / "args.json").read_text())]
    return subprocess.call(["cc", f"-B{gcc_ld()}", "-fuse-ld=lld", *args,
                            f"-Wl,--shuffle-sections=*={seed}"])


def build(bench: str) -> None:
    shutil.rmtree(KEEP, ignore_errors=True)
    # touched, so the benchmark is linked again (and its inputs kept)
    for f in (ROOT / "benches" / f"{bench}.rs", ROOT / "benches" / bench / "main.rs"):
        if f.exists():
            f.touch()
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK), ALUDEL_LAYOUTS_BENCH=bench,
               ALUDEL_LAYOUTS_LINK="1")
    env[f"CARGO_TARGET_{host().upper().replace('-', '_')}_LINKER"] = str(Path(__file__).resolve())
    subprocess.run(["cargo", "bench", "--bench", bench, "--no-run"], cwd=ROOT, env=env,
                   check=True)
    if not (KEEP / "args.json").exists():
        sys.exit("layouts: the benchmark was not linked through the wrapper")


def summary(values: dict[int, list[float]]) -> str:
    per_layout = [statistics.median(v) for v in values.values() if v]
    if not per_layout:
        return "-"
    return (f"{statistics.median(per_layout):.3f} "
            f"[{min(per_layout):.2f}-{max(per_layout):.2f}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", choices=["compile", "engine"], default="compile")
    ap.add_argument("--layouts", type=int, default=8, help="shuffled links (seeds 1..N)")
    ap.add_argument("--runs", type=int, default=2, help="runs of each layout, in turn")
    opts = ap.parse_args()

    build(opts.bench)
    binaries = {}
    for seed in range(1, opts.layouts + 1):
        path = WORK / f"{opts.bench}-layout-{seed}"
        if relink(str(path), seed) != 0:
            sys.exit(f"layouts: the link of layout {seed} failed")
        binaries[seed] = path
    shutil.rmtree(KEEP, ignore_errors=True)

    # every layout once per run, so a drifting machine meets them all alike
    compile_rows: dict[tuple[str, str], list[dict[int, list[float]]]] = {}
    engine: dict[str, dict[int, list[float]]] = {"S1 query_map / rusqlite": {},
                                                 "bulk execute_many / rusqlite": {}}
    env = dict(os.environ, ALUDEL_BENCH_QUICK="1", ALUDEL_BENCH_ROUNDS_ONLY="1")
    for run in range(opts.runs):
        for seed, path in binaries.items():
            out = subprocess.run([str(path), "--bench"], env=env, capture_output=True,
                                 text=True, check=True).stdout
            print(f"run {run + 1}/{opts.runs}, layout {seed}", file=sys.stderr)
            for line in out.splitlines():
                if m := COMPILE_ROW.match(line.rstrip()):
                    cols = compile_rows.setdefault((m[1], m[2]), [{} for _ in COMPILE_RATIOS])
                    for col, value in zip(cols, m[3].split()):
                        col.setdefault(seed, []).append(float(value))
                for name, pat in zip(engine, (ENGINE_S1, ENGINE_BULK)):
                    if m := pat.search(line):
                        engine[name].setdefault(seed, []).append(float(m[1]))

    print(f"\n{opts.bench}: {opts.layouts} layouts x {opts.runs} runs; each ratio the median "
          "over the layouts of each layout's median [lowest-highest layout]")
    if opts.bench == "compile":
        print(f"{'stmt':9} {'dial':6} | " + " | ".join(f"{n:18}" for n in COMPILE_RATIOS))
        for (st, d), cols in compile_rows.items():
            print(f"{st:9} {d:6} | " + " | ".join(f"{summary(c):18}" for c in cols))
    else:
        for name, values in engine.items():
            print(f"{name}: {summary(values)}")


if __name__ == "__main__":
    if os.environ.get("ALUDEL_LAYOUTS_LINK") == "1":
        sys.exit(link(sys.argv[1:]))
    main()
