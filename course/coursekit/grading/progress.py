"""Progress of the long grading commands (grade, collect, feedback, export), and their summary.

    progress = Progress(total=40, verb="graded", ok_word="ok")
    progress.step("ann", ok=True, seconds=3.2)      # as each item finishes
    progress.finish("autograde day03:", skipped=2)  # the summary table

On a terminal one line updates in place,

    [##########....................] 14/40 graded (1 failed)  0.52/s  0:27, ETA 0:50

with each failure printed above it; elsewhere (a log file, CI) every item gets its own plain
line, `  ann: ok (3.2 s)   [...] 14/40 graded ...` (or at most one a `plain_every` seconds for quick
items). The rate is items finished per second of wall time since the start (all workers
together), and the ETA the items left at that rate.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, Optional, TextIO

BAR_WIDTH = 30


def clock_text(seconds: float) -> str:
    """7.4 -> '0:07', 3725 -> '1:02:05'."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts finished items of one command and reports them (see the module docstring).

    total: items to do; verb: what happens to each ('graded', 'collected'); ok_word: the
    status of an item that went well (default: the verb); item: the noun of one item, for the
    summary; plain_every: seconds between two plain lines for items that went well (0: a line
    for each; failures always get one); tty: the stream is a terminal (default: ask it); clock:
    seconds, monotonic."""

    def __init__(self, total: int, verb: str, ok_word: str = "", item: str = "student",
                 stream: Optional[TextIO] = None, tty: Optional[bool] = None,
                 plain_every: float = 0.0, clock: Callable[[], float] = time.monotonic):
        self.total, self.verb, self.ok_word, self.item = total, verb, ok_word or verb, item
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.plain_every, self.clock = plain_every, clock
        self.started = clock()
        self.ok = self.failed = 0
        self.seconds: list = []  # of each finished item, as measured by whoever did it
        self._last_plain = float("-inf")
        self._previous = self.started
        if self.tty and total:
            self._write("\r\033[K" + self.line())

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    @property
    def finished(self) -> int:
        return self.ok + self.failed

    def rate(self) -> float:
        """Items finished per second of wall time so far (0 before the first)."""
        elapsed = self.clock() - self.started
        return self.finished / elapsed if self.finished and elapsed > 0 else 0.0

    def line(self) -> str:
        """The progress line: bar, done / total, failures, rate, elapsed and ETA."""
        filled = BAR_WIDTH * self.finished // self.total if self.total else BAR_WIDTH
        rate = self.rate()
        left = self.total - self.finished
        eta = clock_text(left / rate) if rate else "--:--"
        return (f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.finished}/{self.total} "
                f"{self.verb}{f' ({self.failed} failed)' if self.failed else ''}  "
                f"{rate:.2f}/s  {clock_text(self.clock() - self.started)}, ETA {eta}")

    def step(self, name: str, ok: bool = True, seconds: Optional[float] = None,
             error: str = "") -> None:
        """One item finished (`seconds`: how long it took; default: since the previous one)."""
        now = self.clock()
        seconds, self._previous = (now - self._previous if seconds is None else seconds), now
        self.seconds.append(seconds)
        if ok:
            self.ok += 1
        else:
            self.failed += 1
        status = f"{name}: {self.ok_word if ok else 'FAILED: ' + error} ({seconds:.1f} s)"
        if self.tty:
            self._write("\r\033[K" + ("" if ok else f"  {status}\n") + self.line())
        elif not ok or self.finished == self.total or now - self._last_plain >= self.plain_every:
            self._last_plain = now
            self._write(f"  {status}   {self.line()}\n")

    def summary(self, title: str, skipped: int = 0, extra: tuple = ()) -> str:
        """The summary table: done, failed, skipped, wall time, mean per item, and `extra`
        (label, value) rows."""
        elapsed = self.clock() - self.started
        mean = f"{sum(self.seconds) / len(self.seconds):.1f} s" if self.seconds else "-"
        rows = [(f"{self.item}s {self.verb}", str(self.ok)), ("failed", str(self.failed)),
                ("skipped", str(skipped)), *extra,
                ("time", f"{clock_text(elapsed)} ({self.rate():.2f} {self.item}s/s)"),
                (f"mean per {self.item}", mean)]
        width = max(len(label) for label, _ in rows)
        return "\n".join([title] + [f"  {label:<{width}}  {value}" for label, value in rows])

    def end(self) -> None:
        """End the updating line (on a terminal), so that what follows starts a line."""
        if self.tty and self.total:
            self._write("\n")

    def finish(self, title: str, skipped: int = 0, extra: tuple = ()) -> None:
        """End the progress and print the summary table."""
        self.end()
        self._write(self.summary(title, skipped, extra) + "\n")
