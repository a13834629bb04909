"""Small helpers shared by the contenders' processes (imports nothing heavy).

Memory and CPU are read from Linux's ``/proc``: a contender that starts worker processes
(our path parses detail pages in a pool) is measured with them.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def rss_kb() -> int:
    """This process's resident set size now, in KiB."""
    return _status_kb(Path("/proc/self/status"), "VmRSS:")


def peak_rss_kb() -> int:
    """This process's RSS high-water mark, in KiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def system_cpu_seconds() -> float:
    """The system (kernel) part of ``cpu_seconds``: syscalls, socket and disk work."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def descendants() -> list[int]:
    """Live processes started by this one, at any depth."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def tree_figures() -> dict[str, float]:
    """Peak RSS summed over this process and its live descendants (each one's own peak,
    so an upper bound of the tree's peak), and the descendants' CPU seconds."""
    peak, cpu = peak_rss_kb(), 0.0
    for pid in descendants():
        peak += _status_kb(Path(f"/proc/{pid}/status"), "VmHWM:")
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / _TICKS
        except (OSError, IndexError, ValueError):
            continue
    return {"tree_peak_rss_kb": peak, "children_cpu_s": cpu, "children": len(descendants())}


def _status_kb(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
