"""Memory of a process and all its descendants (the bot and its browser), sampled by psutil.

RSS summed over processes counts the pages Chromium's processes share once per process,
so it overstates what they take together; PSS (shared pages divided among their users) is
what they really cost. Both are reported: RSS because it is the usual measure, PSS because
it is the one that adds up.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psutil

MB = 1024 * 1024


@dataclass(frozen=True)
class Snapshot:
    at: float  # time.monotonic()
    rss_mb: float  # the process and its descendants
    main_rss_mb: float  # the process alone (Python)
    processes: int

    @classmethod
    def take(cls, process: psutil.Process) -> Snapshot | None:
        try:
            main = process.memory_info().rss
            children = process.children(recursive=True)
        except psutil.Error:
            return None
        rest = 0
        for child in children:
            try:
                rest += child.memory_info().rss
            except psutil.Error:  # a renderer may exit between the listing and the read
                continue
        return cls(time.monotonic(), (main + rest) / MB, main / MB, 1 + len(children))


def kind_of(process: psutil.Process, root: psutil.Process) -> str:
    """python (the bot), driver (Playwright's node), browser, renderer, gpu, utility..."""
    if process.pid == root.pid:
        return "python"
    try:
        name = process.name()
        cmdline = process.cmdline()
    except psutil.Error:
        return "gone"
    if name == "node" or "node" in (cmdline[0] if cmdline else ""):
        return "driver"
    for arg in cmdline:
        if arg.startswith("--type="):
            return arg.removeprefix("--type=").removesuffix("-process")
    return "browser" if "chrom" in name else name


def pss_by_kind(process: psutil.Process) -> dict[str, float]:
    """PSS per kind of process, MB."""
    totals: dict[str, float] = {}
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return totals
    for member in members:
        try:
            pss = member.memory_full_info().pss / MB
        except psutil.Error:
            continue
        kind = kind_of(member, process)
        totals[kind] = round(totals.get(kind, 0.0) + pss, 1)
    return totals


def pss_mb(process: psutil.Process) -> float | None:
    """PSS of the process and its descendants (reads smaps: too slow for every sample)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return None
    for member in members:
        try:
            total += member.memory_full_info().pss
        except psutil.Error:
            continue
    return total / MB


@dataclass
class Sampler:
    """Samples ``pid`` and its descendants every ``interval_s`` in a thread; keeps the peak."""

    pid: int
    interval_s: float = 0.15
    samples: int = 0
    peak: Snapshot | None = None
    peak_main_rss_mb: float = 0.0
    max_processes: int = 0
    cpu_s: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid: (kind, seconds)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Sampler:
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        process = psutil.Process(self.pid)
        while not self._stop.is_set():
            snapshot = Snapshot.take(process)
            if snapshot is None:
                return  # the process has exited
            self.samples += 1
            if self.peak is None or snapshot.rss_mb > self.peak.rss_mb:
                self.peak = snapshot
            self.peak_main_rss_mb = max(self.peak_main_rss_mb, snapshot.main_rss_mb)
            self.max_processes = max(self.max_processes, snapshot.processes)
            self._cpu(process)
            self._stop.wait(self.interval_s)

    def _cpu(self, root: psutil.Process) -> None:
        try:
            members = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for member in members:
            try:
                times = member.cpu_times()
            except psutil.Error:
                continue
            known = self.cpu_s.get(member.pid)
            kind = known[0] if known else kind_of(member, root)
            self.cpu_s[member.pid] = (kind, times.user + times.system)

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds per kind of process (as last sampled: a lower bound)."""
        totals: dict[str, float] = {}
        for kind, seconds in self.cpu_s.values():
            totals[kind] = round(totals.get(kind, 0.0) + seconds, 1)
        return totals

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
