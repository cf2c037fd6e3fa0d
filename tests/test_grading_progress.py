"""coursekit.grading.progress: the progress line (done / total, failures, rate, ETA), its plain
and terminal forms, and the summary table, with a clock the test drives."""
from __future__ import annotations

import io

from coursekit.grading.progress import Progress, clock_text


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_clock_text_reads_minutes_and_hours():
    assert [clock_text(s) for s in (0, 7.4, 65, 3725)] == ["0:00", "0:07", "1:05", "1:02:05"]


def test_plain_lines_give_done_total_rate_and_eta():
    clock, out = Clock(), io.StringIO()
    progress = Progress(4, "graded", ok_word="ok", stream=out, tty=False, clock=clock)
    clock.now += 10
    progress.step("ann", True, 9.5)
    clock.now += 10
    progress.step("bob", False, 3.0, "kernel died")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("  ann: ok (9.5 s)   [#######") and "1/4 graded" in lines[0]
    assert "0.10/s  0:10, ETA 0:30" in lines[0]  # 1 in 10 s, 3 left
    assert "bob: FAILED: kernel died (3.0 s)" in lines[1]
    assert "2/4 graded (1 failed)  0.10/s  0:20, ETA 0:20" in lines[1]


def test_plain_lines_of_quick_items_are_thinned_but_failures_and_the_last_kept():
    clock, out = Clock(), io.StringIO()
    progress = Progress(5, "exported", stream=out, tty=False, plain_every=1.0, clock=clock)
    for name, ok in (("a", True), ("b", True), ("c", False), ("d", True), ("e", True)):
        clock.now += 0.1
        progress.step(name, ok)
    names = [line.split(":")[0].strip() for line in out.getvalue().splitlines()]
    assert names == ["a", "c", "e"]


def test_terminal_updates_one_line_and_prints_failures_above_it():
    clock, out = Clock(), io.StringIO()
    progress = Progress(2, "graded", ok_word="ok", stream=out, tty=True, clock=clock)
    clock.now += 4
    progress.step("ann", True, 4.0)
    progress.step("bob", False, 1.0, "timed out")
    progress.end()
    text = out.getvalue()
    assert text.count("\n") == 2  # bob's failure line, and the end
    assert "\r\033[K  bob: FAILED: timed out (1.0 s)\n" in text
    assert text.rstrip("\n").rsplit("\n", 1)[1].startswith("[" + "#" * 30 + "] 2/2 graded (1 failed)")


def test_summary_table_counts_and_times():
    clock, out = Clock(), io.StringIO()
    progress = Progress(3, "graded", stream=out, tty=False, clock=clock)
    clock.now += 30
    for name, seconds in (("ann", 10.0), ("bob", 20.0)):
        progress.step(name, True, seconds)
    progress.step("cat", False, 30.0, "crashed")
    progress.finish("autograde day03:", skipped=4, extra=(("no notebook (zero)", "1"),))
    table = out.getvalue().split("autograde day03:\n", 1)[1].splitlines()
    rows = {line.split("  ")[1].strip(): line.rsplit("  ", 1)[1] for line in table}
    assert rows == {"students graded": "2", "failed": "1", "skipped": "4",
                    "no notebook (zero)": "1", "time": "0:30 (0.10 students/s)",
                    "mean per student": "20.0 s"}


def test_no_items_gives_no_rate_and_a_summary():
    out = io.StringIO()
    progress = Progress(0, "graded", stream=out, tty=True, clock=Clock())
    assert progress.rate() == 0.0 and "ETA --:--" in progress.line()
    progress.finish("autograde day03:")
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert ["students", "graded", "0"] in rows and ["mean", "per", "student", "-"] in rows
