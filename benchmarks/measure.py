"""Wall time and peak memory of a command and every process it starts (dbt, DuckDB, workers).

Peak memory is the largest sum of resident set sizes over the whole process tree, sampled from
/proc every 100 ms (Linux): a child that lives shorter than that can be missed, which is why
the pipeline's long steps, not its start-up, dominate the figure.
"""

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_bytes: int
    stdout: str
    returncode: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss(root: int) -> int:
    tree, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, IndexError):  # the process may have just ended
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        stack.extend(tree.get(pid, []))
    return total


def run(command: list[str], log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to the end; its stderr goes to ``log``, its stdout is returned."""
    output = log.with_suffix(".out")
    with open(log, "w") as errors, open(output, "w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=errors, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
    return Measured(seconds, peak, output.read_text(), process.returncode)
