"""Grading students in parallel worker processes, without losing anyone's result.

The parent (`grade_students`) hands one student at a time to each of `jobs` worker processes.
A worker runs nbgrader's own Autograde converter, configured by the course's nbgrader_config.py
(the hardened pipeline), for each student it is given, and answers with one JSON line per
student. `fork_workers` forks them from the parent once it has imported nbgrader and read the
configuration, which saves each worker those seconds; `command_workers` starts them as programs
(`python -m coursekit.grading.parallel ROOT ASSIGNMENT`). Every student is a separate nbgrader
conversion whose grades are committed to the gradebook when it finishes, so the gradebook is the
same as after a serial `nbgrader autograde`. SQLite serialises the
writes (the workers wait up to two minutes for the lock instead of failing); PostgreSQL takes them
at once, each worker on its own connection, and rolls back the open transaction of a worker that
dies.

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
import signal
import subprocess
import sys
import time
import traceback
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

DB_TIMEOUT_SECONDS = 120


@dataclass
class Outcome:
    """How grading one student went."""

    student: str
    ok: bool
    seconds: float = 0.0
    error: str = ""
    peak_mb: Optional[float] = None  # the largest peak resident memory of its warm kernels


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

def _stop_fork_servers() -> None:
    """Stop the warm kernels' fork servers this worker started (see warm.Zygote); never raises,
    since the worker must reach its os._exit."""
    try:
        from .warm import Zygote

        Zygote.stop_all()
    except Exception:  # noqa: BLE001 (reported to workers.err)
        traceback.print_exc()


class ForkedProcess:
    """A child forked from this process, with `stdin`/`stdout` pipes and the part of the
    subprocess.Popen interface the parent uses."""

    def __init__(self, serve: Callable, stderr, others: list):
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: only its own pipes, then serve until stdin closes
            status = 1
            try:
                for fd in [down_w, up_r] + others:
                    os.close(fd)
                if stderr is not None:
                    os.dup2(stderr.fileno(), 2)
                serve(os.fdopen(down_r), os.fdopen(up_w, "w"))
                status = 0
            except BaseException:  # noqa: B036 (reported to workers.err; the parent sees the exit)
                traceback.print_exc()
            finally:
                _stop_fork_servers()
                sys.stderr.flush()
                os._exit(status)
        os.close(down_r)
        os.close(up_w)
        self.pid, self.returncode = pid, None
        self.stdin, self.stdout = os.fdopen(down_w, "w"), os.fdopen(up_r)

    def fds(self) -> list:
        """The parent's ends of this child's pipes that are still open."""
        return [f.fileno() for f in (self.stdin, self.stdout) if not f.closed]

    def poll(self) -> Optional[int]:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)


def fork_workers(root: Path, assignment: str, unsafe: bool, stderr=None) -> Callable:
    """A function starting forked grading workers (see ForkedProcess)."""
    config = load_config(root)
    if unsafe:
        config.Sandbox.allow_unsafe = True
    warm_up(config, assignment)
    return forker(lambda read, write: serve(config, root, assignment, read, write), stderr)


def forker(serve: Callable, stderr=None) -> Callable:
    """A function starting a ForkedProcess running `serve(read, write)` each time it is called.
    Each child closes its copies of the pipes of the children still running, so that a worker's
    death reaches the parent as end-of-file; the pipes of the dead ones are already closed, and
    their numbers may have been reused (by the new child's own pipes, say)."""
    running: weakref.WeakSet = weakref.WeakSet()

    def start():
        process = ForkedProcess(serve, stderr, [fd for p in running for fd in p.fds()])
        running.add(process)
        return process
    return start


def warm_up(config, assignment: str) -> None:
    """Import and compute here what every worker needs (nbgrader's converter, each notebook's
    layout, every check's cases and expected values), so that forked workers share it."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde  # noqa: F401 (imported for the workers)
    from nbgrader.coursedir import CourseDirectory

    from .layout import load_layout
    from .verify import expected_values

    coursedir = CourseDirectory(config=config)
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            layout = load_layout(gb, coursedir, assignment, notebook.name)
            for test in layout.test_cells.values():
                for call in test.calls or []:
                    expected_values(call)


def command_workers(command: list, env: Optional[dict] = None, stderr=None) -> Callable:
    """A function starting grading workers as the program `command`."""
    return lambda: subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=stderr, text=True, env=env, bufsize=1)


class _Worker:
    def __init__(self, start: Callable):
        self.process = start()
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


def grade_students(students: list, jobs: int, start: Callable,
                   on_outcome: Callable[[Outcome], None] = lambda outcome: None,
                   retries: int = 1) -> list:
    """Grade `students` with `jobs` workers made by `start()` (fork_workers or command_workers);
    return one Outcome each. A student whose worker failed or died is tried again up to
    `retries` times, after the others."""
    queue, attempts, outcomes = list(students), {s: 0 for s in students}, {}
    workers: list = []
    try:
        while queue or any(w.student for w in workers):
            while queue and len([w for w in workers if w.student]) < jobs:
                worker = next((w for w in workers if w.student is None), None)
                if worker is None:
                    worker = _Worker(start)
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
                                            str(answer.get("error", "")),
                                            answer.get("peak_mb"))))
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
    """Run nbgrader's Autograde converter for one student (log: log_dir/<student>.log);
    (ok, error summary)."""
    from nbgrader.converters import Autograde

    converter = Autograde(coursedir=student_coursedir(config, assignment, student), config=config)
    converter.force, converter.create_student = True, True
    return run_logged(converter, log_dir / f"{student}.log", "nbgrader could not grade this "
                      "submission")


def feedback_one(config, assignment: str, student: str, log_dir: Path) -> tuple:
    """Run nbgrader's GenerateFeedback converter for one graded student, as `nbgrader
    generate_feedback ASSIGNMENT --student STUDENT --force` does; (ok, error summary)."""
    from nbgrader.converters import GenerateFeedback

    converter = GenerateFeedback(coursedir=student_coursedir(config, assignment, student),
                                 config=config)
    converter.force = True
    return run_logged(converter, log_dir / f"{student}.log", "nbgrader could not write the "
                      "feedback")


def student_coursedir(config, assignment: str, student: str):
    """nbgrader's CourseDirectory of the course, narrowed to one student's assignment."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id, coursedir.student_id = assignment, student
    return coursedir


def run_logged(task, log_path: Path, failure: str) -> tuple:
    """task.start() (an nbgrader converter or exchange step) with its log written to
    `log_path`; (ok, error summary: the exception's message, or `failure`)."""
    from nbgrader.converters import NbGraderException
    from nbgrader.exchange import ExchangeError

    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    task.log.addHandler(handler)
    try:
        task.start()
        return True, ""
    except (NbGraderException, ExchangeError) as exc:
        return False, str(exc) or failure
    except Exception as exc:  # reported for this student; the caller goes on with the next
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        task.log.removeHandler(handler)
        handler.close()


def serve(config, root: Path, assignment: str, read, write) -> None:
    """The worker's loop: grade each student named on `read`, answer on `write`."""
    from .warm import PEAKS_MB

    log_dir = root / "autograder" / "logs" / assignment
    for line in read:
        student = json.loads(line)["student"]
        before = len(PEAKS_MB)
        ok, error = autograde_one(config, assignment, student, log_dir)
        peak = max(PEAKS_MB[before:], default=None)
        write.write(json.dumps({"student": student, "ok": ok, "error": error,
                                "peak_mb": peak}) + "\n")
        write.flush()


def worker_main(argv: list) -> None:
    root, assignment = Path(argv[0]), argv[1]
    config = load_config(root)
    if "--unsafe" in argv[2:]:
        config.Sandbox.allow_unsafe = True
    serve(config, root, assignment, sys.stdin, sys.stdout)


if __name__ == "__main__":
    worker_main(sys.argv[1:])
