"""Grading students in parallel worker processes, without losing anyone's result.

The parent (`grade_students`) hands one student at a time to each of `jobs` worker processes
(`python -m coursekit.grading.parallel ROOT ASSIGNMENT`). A worker loads the course's
nbgrader_config.py once and runs nbgrader's own Autograde converter, which is the hardened
pipeline, for each student it is given; it answers with one JSON line per student. Every student
is a separate nbgrader conversion whose grades are committed to the gradebook when it finishes,
so the gradebook is the same as after a serial `nbgrader autograde`. SQLite serialises the
writes; the workers wait up to two minutes for the lock instead of failing.

When a worker dies (killed, out of memory), only the student it was grading is lost: the parent
records the failure, starts a new worker and goes on. A student is marked done in
<autograder>/runs/<assignment>/<student>.done, with the submission's fingerprint, only once
nbgrader has finished it; running again grades exactly the students that are not done (or whose
submission changed since), so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

WORKER = "coursekit.grading.parallel"
DB_TIMEOUT_SECONDS = 120


@dataclass
class Outcome:
    """How grading one student went."""

    student: str
    ok: bool
    seconds: float = 0.0
    error: str = ""


@dataclass
class Progress:
    """Counts for the progress bar."""

    total: int
    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)


# --- which students need grading -----------------------------------------------------------------

def fingerprint(folder: Path) -> str:
    """A hash of the names, sizes and modification times of a submission's files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        info = path.stat()
        digest.update(f"{path.relative_to(folder)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Journal:
    """The done-markers of one assignment: runs/<assignment>/<student>.done."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _marker(self, student: str) -> Path:
        return self.folder / f"{student}.done"

    def is_done(self, student: str, print_: str) -> bool:
        marker = self._marker(student)
        return marker.exists() and marker.read_text().strip() == print_

    def mark_done(self, student: str, print_: str) -> None:
        tmp = self._marker(student).with_suffix(".tmp")
        tmp.write_text(print_ + "\n")
        os.replace(tmp, self._marker(student))

    def forget(self, student: str) -> None:
        self._marker(student).unlink(missing_ok=True)


# --- the parent ----------------------------------------------------------------------------------

class _Worker:
    def __init__(self, command: list, env: dict, stderr):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=stderr, text=True, env=env, bufsize=1)
        self.student: Optional[str] = None
        self.started = 0.0

    def give(self, student: str) -> None:
        self.student, self.started = student, time.monotonic()
        self.process.stdin.write(json.dumps({"student": student}) + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def grade_students(students: list, jobs: int, command: list, env: Optional[dict] = None,
                   on_outcome: Callable[[Outcome], None] = lambda outcome: None,
                   retries: int = 1, stderr=None) -> list:
    """Grade `students` with `jobs` workers started as `command`; return one Outcome each.

    A student whose worker failed or died is tried again up to `retries` times, after the others.
    The workers' stderr goes to `stderr` (a file object; default: this process's).
    """
    env = env or dict(os.environ)
    queue, attempts, outcomes = list(students), {s: 0 for s in students}, {}
    workers: list = []
    try:
        while queue or any(w.student for w in workers):
            while queue and len([w for w in workers if w.student]) < jobs:
                worker = next((w for w in workers if w.student is None), None)
                if worker is None:
                    worker = _Worker(command, env, stderr)
                    workers.append(worker)
                student = queue.pop(0)
                attempts[student] += 1
                worker.give(student)
            for worker, outcome in _wait_for_results([w for w in workers if w.student]):
                if outcome.ok or attempts[outcome.student] > retries:
                    outcomes[outcome.student] = outcome
                    on_outcome(outcome)
                else:
                    queue.append(outcome.student)
                if worker.process.poll() is not None:
                    workers.remove(worker)
    finally:
        for worker in workers:
            worker.stop()
    return [outcomes[s] for s in students]


def _wait_for_results(busy: list) -> list:
    """(worker, Outcome) for each busy worker that answered or died; waits for at least one."""
    streams = {w.process.stdout.fileno(): w for w in busy}
    ready, _, _ = select.select(list(streams), [], [], 5.0)
    results = []
    for fd in ready:
        worker = streams[fd]
        line = worker.process.stdout.readline()
        student, worker.student = worker.student, None
        elapsed = time.monotonic() - worker.started
        if not line:
            worker.process.wait()
            results.append((worker, Outcome(student, False, elapsed, "the grading worker died "
                                            f"(exit status {worker.process.returncode})")))
            continue
        try:
            answer = json.loads(line)
            results.append((worker, Outcome(student, bool(answer["ok"]), elapsed,
                                            str(answer.get("error", "")))))
        except (ValueError, KeyError):
            worker.process.kill()
            worker.process.wait()
            results.append((worker, Outcome(student, False, elapsed, "garbled worker answer")))
    return results


# --- the worker ----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def load_config(root: Path):
    """The course's nbgrader configuration, with a patient SQLite connection (read once per
    process: treat it as read-only)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    url = config.CourseDirectory.db_url
    if url.startswith("sqlite") and "timeout=" not in url:
        config.CourseDirectory.db_url = f"{url}{'&' if '?' in url else '?'}timeout={DB_TIMEOUT_SECONDS}"
    return config


def autograde_one(config, assignment: str, student: str, log_dir: Path) -> tuple:
    """Run nbgrader's Autograde converter for one student; (ok, error summary)."""
    from nbgrader.converters import Autograde, NbGraderException
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id, coursedir.student_id = assignment, student
    converter = Autograde(coursedir=coursedir, config=config)
    converter.force, converter.create_student = True, True
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_dir / f"{student}.log", mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    converter.log.addHandler(handler)
    try:
        converter.start()
        return True, ""
    except NbGraderException as exc:
        return False, str(exc) or "nbgrader could not grade this submission"
    except Exception as exc:  # reported for this student; the worker goes on with the next
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        converter.log.removeHandler(handler)
        handler.close()


def worker_main(argv: list) -> None:
    root, assignment = Path(argv[0]), argv[1]
    if len(argv) > 2 and argv[2] == "--unsafe":
        os.environ["COURSEKIT_ALLOW_UNSAFE"] = "1"
    config = load_config(root)
    if os.environ.get("COURSEKIT_ALLOW_UNSAFE") == "1":
        config.Sandbox.allow_unsafe = True
    log_dir = root / "autograder" / "logs" / assignment
    for line in sys.stdin:
        student = json.loads(line)["student"]
        ok, error = autograde_one(config, assignment, student, log_dir)
        sys.stdout.write(json.dumps({"student": student, "ok": ok, "error": error}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    worker_main(sys.argv[1:])
