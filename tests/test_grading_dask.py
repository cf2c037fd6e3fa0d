"""Grading on a Dask cluster (`coursekit grade DAY --scheduler ADDRESS`, coursekit.grading.
distributed): a local cluster of two workers on loopback grades a class while one worker is
killed mid-run, and the course's gradebook ends with the same grades as a serial plain
`nbgrader autograde`; the instructor's process never runs a student's notebook."""
from __future__ import annotations

import glob
import json
import os
import signal
import threading
import time

import pytest
from distributed import Client, LocalCluster

from coursekit import cli
from coursekit.course import tool_env
from coursekit.grading import distributed
from coursekit.grading.execute import SandboxedExecute
from coursekit.grading.sandbox import Sandbox
from hostile.notebook import (DAY, GOOD_RELU, OTHER_RELU, OTHER_SIGMOID, WRONG_SIGMOID,
                              submission)
from test_grading_hostile import make_course

pytestmark = pytest.mark.skipif(Sandbox().problem() is not None,
                                reason=f"cannot sandbox here: {Sandbox().problem()}")

CLASS = {
    "ada": submission(),
    "ben": submission(WRONG_SIGMOID),
    "cho": submission(OTHER_SIGMOID, OTHER_RELU),
    "dev": submission(relu="return x"),
    "eun": submission(WRONG_SIGMOID, "return np.abs(x)"),
    "fay": submission(OTHER_SIGMOID, GOOD_RELU),
}


def class_course(course_root_factory):
    course = make_course(course_root_factory)
    for student, nb in CLASS.items():
        folder = course.path / "autograder" / "submitted" / student / DAY
        folder.mkdir(parents=True)
        (folder / f"{DAY}.ipynb").write_text(json.dumps(nb))
    return course


def scores(course) -> dict:
    return {student: {k: g.score for k, g in course.grades(student, DAY).items()}
            for student in CLASS}


def kill_a_busy_worker(client: Client, killed: list, timeout: float = 120) -> None:
    """SIGKILL the process of the first worker seen running a grading task."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            time.sleep(1.0)  # well inside its first submission (its course copy is being made)
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            return
        time.sleep(0.2)


@pytest.fixture(scope="module")
def serial_scores(course_root_factory) -> dict:
    course = class_course(course_root_factory)
    course.nbgrader("autograde", DAY)
    return scores(course)


def test_a_cluster_with_a_killed_worker_grades_as_serial_nbgrader(course_root_factory,
                                                                  serial_scores, monkeypatch):
    for name, value in tool_env().items():
        monkeypatch.setenv(name, value)  # the workers start nbgrader and kernels by name

    def run_here(*args, **kwargs):
        raise AssertionError("the instructor's process executed a student's notebook")
    monkeypatch.setattr(SandboxedExecute, "preprocess", run_here)
    course = class_course(course_root_factory)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        killed: list = []
        killer = threading.Thread(target=kill_a_busy_worker, args=(client, killed))
        killer.start()
        status = cli.main(["--root", str(course.path), "grade", DAY, "--no-collect",
                           "--no-feedback", "--scheduler", cluster.scheduler_address])
        killer.join()
    assert killed, "no worker was killed: the test did not test recovery"
    assert status == 0
    assert not glob.glob(f"/tmp/ckz-{killed[0]}-*"), "the killed worker's server folder is left"
    assert scores(course) == serial_scores
    assert serial_scores["ada"]["sigmoid_tests"] == 3 and serial_scores["ben"]["sigmoid_tests"] == 0


def test_bundle_and_files_round_trip_and_stay_inside_their_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "n.ipynb").write_bytes(b"{}")
    files = distributed.folder_files(tmp_path / "a")
    assert files == {"b/n.ipynb": b"{}"}
    distributed.write_files(tmp_path / "copy", files)
    assert (tmp_path / "copy" / "b" / "n.ipynb").read_bytes() == b"{}"
    with pytest.raises(ValueError, match="outside"):
        distributed.write_files(tmp_path / "copy", {"../escape.txt": b"x"})
