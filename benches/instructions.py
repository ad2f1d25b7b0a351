#!/usr/bin/env python3
"""Counts the instructions of each benchmarked operation with callgrind.

Time on a VM wanders from one second to the next and moves with code
layout (docs/performance.md, "The machine"); an instruction count does
neither: the same binary counts the same instructions on any machine and
under any load. This runs each operation of the compile benchmark alone
(its `ALUDEL_BENCH_PROFILE` loop) under callgrind for two numbers of
calls and divides the difference in instructions by the difference in
calls, which leaves out the benchmark's start-up, and prints, for every
statement and dialect, each operation's count and the ratios of the
issue's targets taken on instructions instead of time.

    python3 benches/instructions.py                    # the table (~4 min on 2 cores)
    python3 benches/instructions.py --only S5 --dialects pg
    python3 benches/instructions.py --against main~1   # this checkout and a commit, and the change
    python3 benches/instructions.py --profile S5-pg/aludel_cached --top 25
    python3 benches/instructions.py --bench engine --profile query_map

--profile lists one operation's instructions by function (each the
difference of the two loops, per call), the guide to where a change
should go; it also takes the engine benchmark's loops (`query_map`,
`rusqlite`, ...). An instruction ratio is not a time ratio (a stall or a
cache miss costs time and no instructions, and aludel's code retires
fewer instructions a cycle than the hand-written floor's few long
copies): the targets are judged on time (benches/layouts.py), and this
says whether a change took instructions out.

With --against, the commit is checked out in a worktree and built too
(target/instructions/against). A commit whose loop knows only
`ALUDEL_BENCH_PROFILE_SECS` (before the thirty-first round) is run for a
third of a second and a second instead of a number of calls, and its
calls are read from what it prints (slower: S6 N=1000's sea-query takes a
minute a run).

Needs valgrind (callgrind and callgrind_annotate). Standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from worktree import checkout

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "instructions"

DIALECTS = ["pg", "mysql", "sqlite"]
STATEMENTS = ["S1", "S2", "S3", "S4", "S5", "S6-N10", "S6-N100", "S6-N1000"]
DEFAULT_STATEMENTS = STATEMENTS[:7]
# the compile benchmark's functions, in the table's columns
FUNCTIONS = [
    ("(a)", "aludel_compile"),
    ("(b)", "aludel_build_compile"),
    ("(b')", "aludel_build_compile_counted"),
    ("(c)", "floor"),
    ("(d)", "aludel_cached"),
    ("sea b+r", "sea_build_render"),
    ("sea r", "sea_render"),
]
# (numerator, denominator) columns of each ratio
RATIOS = [
    ("(b)/sea b+r", "(b)", "sea b+r"),
    ("(a)/(c)", "(a)", "(c)"),
    ("(d)/(c)", "(d)", "(c)"),
]
CALLS = re.compile(r": (\d+) calls in")
TOTALS = re.compile(r"^(?:totals|summary):\s+(\d+)", re.MULTILINE)
ANNOTATED = re.compile(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*?)(?:\s+\[[^\]]*\])?\s*$")


# the engine's loop cycles through a thousand ids (rows of different
# lengths): whole cycles count the same work
LOOPS = (1000, 3000)


def loop_calls(statement: str) -> tuple[int, int]:
    """The two loops' calls: fewer for the larger statements. Each call
    counts the same instructions, but what the benchmark does around the
    loop does not quite (it prints the loop's time, and formatting a
    number takes more or fewer instructions for some numbers): a thousand
    calls and more make that less than a hundredth of an instruction per
    call."""
    return {"S6-N100": (100, 300), "S6-N1000": (10, 30)}.get(statement, LOOPS)


def build(bench: str, src: Path, target: Path) -> Path:
    """Builds the benchmark of the checkout at `src` into `target`; its binary."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(target))
    out = subprocess.run(["cargo", "bench", "--bench", bench, "--no-run",
                          "--message-format=json"], cwd=src, env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == bench:
            return Path(msg["executable"])
    sys.exit(f"instructions: cargo built no {bench} benchmark")


def knows_calls(binary: Path, spec: str) -> bool:
    """Whether the benchmark's loop runs a number of calls
    (`ALUDEL_BENCH_PROFILE_CALLS`, from the thirty-first round on) rather
    than only a number of seconds."""
    env = dict(os.environ, ALUDEL_BENCH_PROFILE=spec, ALUDEL_BENCH_PROFILE_CALLS="1",
               ALUDEL_BENCH_PROFILE_SECS="0.01")
    run = subprocess.run([str(binary), "--bench"], env=env, capture_output=True, text=True)
    made = CALLS.search(run.stdout)
    return made is not None and made.group(1) == "1"


def callgrind(binary: Path, spec: str, length: str, out: Path) -> int:
    """Runs the loop of `spec` under callgrind (`length` is
    `ALUDEL_BENCH_PROFILE_CALLS=<n>` or `..._SECS=<s>`); the calls it made."""
    name, value = length.split("=")
    env = dict(os.environ, ALUDEL_BENCH_PROFILE=spec, **{name: value})
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                          str(binary), "--bench"], env=env, capture_output=True, text=True)
    made = CALLS.search(run.stdout)
    if run.returncode != 0 or not made:
        sys.exit(f"instructions: {spec} failed under callgrind:\n{run.stdout}{run.stderr}")
    return int(made.group(1))


def totals(out: Path) -> int:
    found = TOTALS.search(out.read_text())
    if not found:
        sys.exit(f"instructions: no totals in {out}")
    return int(found.group(1))


def lengths(loops: tuple[int, int], by_calls: bool) -> list[str]:
    """The two loops' lengths: calls, or (for a benchmark that only knows
    seconds) a third of a second and a second, which callgrind's slower
    runs fill with whole thousands of calls."""
    if by_calls:
        return [f"ALUDEL_BENCH_PROFILE_CALLS={n}" for n in loops]
    return ["ALUDEL_BENCH_PROFILE_SECS=0.3", "ALUDEL_BENCH_PROFILE_SECS=1.0"]


def per_call(binary: Path, spec: str, runs: list[str], tmp: Path) -> tuple[float, list, list]:
    """One operation's instructions, and the two runs' output files and calls."""
    outs = [tmp / f"{spec.replace('/', '_')}-{i}.out" for i in range(len(runs))]
    made = [callgrind(binary, spec, length, out) for length, out in zip(runs, outs)]
    # a loop run for seconds makes at least a thousand calls: a slow one
    # made as many in both runs, and the second runs longer until it makes more
    secs = 1.0
    while made[1] == made[0] and runs[1].startswith("ALUDEL_BENCH_PROFILE_SECS=") and secs < 600:
        secs *= 4
        made[1] = callgrind(binary, spec, f"ALUDEL_BENCH_PROFILE_SECS={secs}", outs[1])
    if made[1] == made[0]:
        sys.exit(f"instructions: {spec} made {made[0]} calls in both runs")
    return (totals(outs[1]) - totals(outs[0])) / (made[1] - made[0]), outs, made


def by_function(outs: list, made: list, top: int) -> list[tuple[float, str]]:
    """Each function's instructions per call (the two runs' output files
    and calls), the highest first."""
    counts = []
    for out in outs:
        listed = subprocess.run(["callgrind_annotate", "--threshold=100", str(out)],
                                capture_output=True, text=True, check=True).stdout
        funcs: dict[str, int] = {}
        for line in listed.splitlines():
            found = ANNOTATED.match(line)
            if found and "PROGRAM TOTALS" not in line and ":" in found.group(2):
                name = found.group(2)
                funcs[name] = funcs.get(name, 0) + int(found.group(1).replace(",", ""))
        counts.append(funcs)
    calls = made[1] - made[0]
    rows = [((counts[1].get(f, 0) - counts[0].get(f, 0)) / calls, f)
            for f in set(counts[0]) | set(counts[1])]
    return sorted((r for r in rows if abs(r[0]) >= 0.5), reverse=True)[:top]


def measure(binary: Path, statements: list[str], dialects: list[str], jobs: int) -> dict:
    """{(statement, dialect): {column: instructions per operation}}."""
    by_calls = knows_calls(binary, "S1-pg/floor")
    work = [(s, d, col, fn) for s in statements for d in dialects for col, fn in FUNCTIONS]
    # rows in the order asked for, whichever run ends first
    table: dict = {(s, d): {} for s in statements for d in dialects}
    with tempfile.TemporaryDirectory(prefix="aludel-instructions-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        # the benchmark's groups are named `<statement>-<dialect>`
        futures = {pool.submit(per_call, binary, f"{s}-{d}/{fn}",
                               lengths(loop_calls(s), by_calls), Path(tmp)): (s, d, col)
                   for s, d, col, fn in work}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            s, d, col = futures[future]
            table[(s, d)][col] = future.result()[0]
            print(f"\r{done}/{len(work)} measured", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return table


def ratios(row: dict) -> list[float]:
    return [row[a] / row[b] for _, a, b in RATIOS]


def print_table(title: str, table: dict) -> None:
    cols = [c for c, _ in FUNCTIONS]
    print(title)
    print(f"{'stmt':<9} {'dial':<6} | " + " ".join(f"{c:>8}" for c in cols) + " | "
          + " ".join(f"{r:>11}" for r, _, _ in RATIOS))
    for (s, d), row in table.items():
        print(f"{s:<9} {d:<6} | " + " ".join(f"{row[c]:>8.0f}" for c in cols) + " | "
              + " ".join(f"{v:>11.3f}" for v in ratios(row)))


def print_change(rev: str, this: dict, other: dict) -> None:
    cols = [c for c, _ in FUNCTIONS]
    print(f"\nthis checkout against {rev}: the change in instructions")
    print(f"{'stmt':<9} {'dial':<6} | " + " ".join(f"{c:>8}" for c in cols))
    for key, row in this.items():
        s, d = key
        print(f"{s:<9} {d:<6} | " + " ".join(
            f"{(row[c] - other[key][c]) / other[key][c] * 100:>+7.1f}%" for c in cols))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(DEFAULT_STATEMENTS),
                    help=f"statements, comma-separated, among {', '.join(STATEMENTS)}")
    ap.add_argument("--dialects", default=",".join(DIALECTS))
    ap.add_argument("--against", metavar="REV", help="also measure this commit")
    ap.add_argument("--profile", metavar="SPEC",
                    help="one loop's instructions by function (a group/function of the "
                         "compile benchmark, or an engine loop with --bench engine)")
    ap.add_argument("--bench", default="compile", choices=["compile", "engine"])
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("instructions: needs valgrind (apt install valgrind)")
    if args.bench == "engine" and not args.profile:
        sys.exit("instructions: --bench engine needs --profile (a loop's name, e.g. query_map)")

    binary = build(args.bench, ROOT, ROOT / "target")
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="aludel-instructions-") as tmp:
            by_calls = knows_calls(binary, args.profile)
            n, outs, made = per_call(binary, args.profile, lengths(LOOPS, by_calls), Path(tmp))
            print(f"{args.profile}: {n:.0f} instructions per call")
            for count, name in by_function(outs, made, args.top):
                print(f"{count:>9.1f}  {name}")
        return

    statements = [s.strip() for s in args.only.split(",")]
    dialects = [d.strip() for d in args.dialects.split(",")]
    for s in statements:
        if s not in STATEMENTS:
            sys.exit(f"instructions: unknown statement {s!r} (expected one of {STATEMENTS})")
    for d in dialects:
        if d not in DIALECTS:
            sys.exit(f"instructions: unknown dialect {d!r} (expected one of {DIALECTS})")
    other = None
    if args.against:
        src = checkout(args.against, WORK / "against" / "src")
        other_binary = build(args.bench, src, WORK / "against" / "target")
        other = measure(other_binary, statements, dialects, args.jobs)
    this = measure(binary, statements, dialects, args.jobs)
    print_table("instructions per operation (callgrind), and the targets' ratios on them", this)
    if other is not None:
        print()
        print_table(f"{args.against}:", other)
        print_change(args.against, this, other)


if __name__ == "__main__":
    main()
