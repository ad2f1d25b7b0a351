"""A worktree of another commit, for the scripts that measure this
checkout against it (`layouts.py --against`, `instructions.py --against`)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkout(rev: str, src: Path) -> Path:
    """A worktree of `rev` at `src` (made again each time), to build the
    other side in."""
    if src.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(src)],
                       check=False, capture_output=True)
        shutil.rmtree(src, ignore_errors=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force",
                    str(src), rev], check=True, capture_output=True)
    return src
