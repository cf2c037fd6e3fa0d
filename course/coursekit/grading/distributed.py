"""Grading across machines: `coursekit grade DAY --scheduler ADDRESS` on a Dask cluster.

The untrusted part of grading, running a student's notebook, happens on Dask workers; everything
that decides a grade happens in the instructor's process, as with local workers:

1. The instructor's process sends each submission (its files, as bytes) with the course bundle
   (nbgrader_config.py and source/<day>/) to the cluster, one task per student.
2. A worker builds a private copy of the course from the bundle once (`nbgrader
   generate_assignment` into its own gradebook), places the submission in it and runs nbgrader's
   Autograde with only the course's execution steps (the autograde preprocessors before
   VerifyEvidence: the sandboxed kernel, output caps), and returns the executed notebooks.
3. The instructor's process puts them in autograder/remote/ and runs nbgrader's Autograde on them
   with execution switched off (`Execute.enabled = False`, `ClearOutput.enabled = False`, as
   `nbgrader autograde --no-execute` does): the test cells are restored from the gradebook,
   VerifyEvidence judges the evidence, IntegrityCheck reads the answers, and the grades go into
   the course's own gradebook, SQLite or PostgreSQL alike.

A worker that dies loses nothing: Dask gives its task to another worker (`retries` more times).
Workers run `dask worker ADDRESS` on machines that have this package (with the `cluster` extra)
and bubblewrap installed; autograder/README.md says how.
"""
from __future__ import annotations

import copy
import hashlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from ..course import CONFIG_FILE, SOURCE, run_nbgrader, tool_env
from . import parallel

REMOTE = Path("autograder") / "remote"
_COURSES: dict = {}  # bundle digest -> this worker's private course folder
_COURSES_LOCK = threading.Lock()


# --- what travels --------------------------------------------------------------------------------

def course_bundle(root: Path, day: str) -> dict:
    """Relative path -> bytes of what a worker needs to grade `day`: the configuration and the
    day's source folder (solutions and hidden tests: workers are the instructor's machines)."""
    files = {CONFIG_FILE: (root / CONFIG_FILE).read_bytes()}
    folder = root / SOURCE / day
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if not {".ipynb_checkpoints", "__pycache__"} & set(path.relative_to(folder).parts):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def folder_files(folder: Path) -> dict:
    """Relative path -> bytes of every file under `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_files(folder: Path, files: dict) -> None:
    for name, data in files.items():
        path = folder / name
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ValueError(f"{name!r} is outside {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# --- on a worker ---------------------------------------------------------------------------------

def worker_course(bundle: dict, day: str) -> Path:
    """This worker's private course for `bundle`, made once: the files, then the assignment in
    its own SQLite gradebook (never the instructor's, whatever db_url the bundle names)."""
    digest = hashlib.sha256(b"".join(k.encode() + b"\0" + v for k, v in
                                     sorted(bundle.items()))).hexdigest()[:16]
    with _COURSES_LOCK:
        root = _COURSES.get(digest)
        if root is None:
            root = Path(tempfile.mkdtemp(prefix=f"ckg-course-{digest}-"))
            write_files(root, bundle)
            os.environ.update(tool_env())  # nbgrader runs alembic, and kernels, by name
            run_nbgrader(["generate_assignment", day, "--force",
                          f"--CourseDirectory.db_url={private_gradebook(root)}"], root)
            _COURSES[digest] = root
        return root


def execute_remotely(bundle: dict, day: str, student: str, files: dict) -> dict:
    """The Dask task: execute one submission in the sandbox, in this worker's course copy.
    Returns {"ok", "error", "files": the executed notebooks (relative path -> bytes)}."""
    root = worker_course(bundle, day)
    config = copy.deepcopy(parallel.load_config(root))
    config.CourseDirectory.db_url = private_gradebook(root)
    config.Autograde.autograde_preprocessors = execution_steps(config)
    submitted = root / "autograder" / "submitted" / student / day
    shutil.rmtree(submitted, ignore_errors=True)
    write_files(submitted, files)
    ok, error = parallel.autograde_one(config, day, student, root / "autograder" / "logs" / day)
    executed = root / "autograder" / "autograded" / student / day
    result = {"ok": ok, "error": error,
              "files": {k: v for k, v in folder_files(executed).items() if k.endswith(".ipynb")}
              if ok else {}}
    shutil.rmtree(submitted, ignore_errors=True)
    shutil.rmtree(executed, ignore_errors=True)
    return result


def private_gradebook(root: Path) -> str:
    return f"sqlite:///{root / 'autograder' / 'gradebook.db'}?timeout={parallel.DB_TIMEOUT_SECONDS}"


def execution_steps(config) -> list:
    """The course's autograde preprocessors that run the notebook: those before VerifyEvidence."""
    from .verify import VerifyEvidence

    steps = list(config.Autograde.autograde_preprocessors)
    return steps[:steps.index(VerifyEvidence)]


# --- in the instructor's process -----------------------------------------------------------------

def judge_locally(root: Path, day: str, student: str, executed: dict) -> tuple:
    """Grade the executed notebooks a worker returned, without running them again; (ok, error)."""
    staging = root / REMOTE / student / day
    shutil.rmtree(staging, ignore_errors=True)
    write_files(staging, executed)
    stamp = root / "autograder" / "submitted" / student / day / "timestamp.txt"
    if stamp.exists():
        shutil.copy2(stamp, staging / "timestamp.txt")
    config = copy.deepcopy(parallel.load_config(root))
    config.CourseDirectory.submitted_directory = str(REMOTE)
    config.Execute.enabled = False
    config.ClearOutput.enabled = False
    return parallel.autograde_one(config, day, student, root / "autograder" / "logs" / day)


def grade_students(root: Path, day: str, students: list, scheduler: str,
                   on_outcome: Callable[[parallel.Outcome], None] = lambda outcome: None,
                   retries: int = 2) -> list:
    """Grade `students` of `day` on the Dask cluster at `scheduler`; one Outcome each, in order."""
    from distributed import Client, as_completed

    bundle = course_bundle(root, day)
    outcomes = {}
    with Client(scheduler, set_as_default=False) as client:
        started = {}
        futures = {}
        for student in students:
            files = folder_files(root / "autograder" / "submitted" / student / day)
            future = client.submit(execute_remotely, bundle, day, student, files, pure=False,
                                   retries=retries, key=f"grade-{day}-{student}-{time.time_ns()}")
            futures[future], started[student] = student, time.monotonic()
        for future in as_completed(futures):
            student = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the task failed on every worker it was given
                result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            ok, error = result["ok"], result["error"]
            if ok:
                ok, error = judge_locally(root, day, student, result["files"])
            outcomes[student] = parallel.Outcome(student, ok, time.monotonic() - started[student],
                                                 error)
            on_outcome(outcomes[student])
    return [outcomes[s] for s in students]
