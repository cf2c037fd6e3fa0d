"""Warm grading kernels: every kernel of one grading process is a fork of one server in the
sandbox, and yet shares nothing with the kernels before it. Run through SandboxedExecute, as
nbgrader's Autograde runs a submission (the hostile suite grades its attacks this way too)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from coursekit.grading.execute import KERNEL_DIED, NOT_RUN, SandboxedExecute
from coursekit.grading.sandbox import Sandbox
from coursekit.grading.warm import PEAKS_MB, Zygote

pytestmark = pytest.mark.skipif(Sandbox().problem() is not None,
                                reason=f"cannot sandbox here: {Sandbox().problem()}")

LINGERING_SECONDS = "317"  # a sleep nothing else on the machine runs

LEAVE_TRACES = f"""
import os, subprocess, numpy as np
open('/tmp/trace', 'w').write('x')
open('/dev/shm/trace', 'w').write('x')
open('left_behind.txt', 'w').write('x')
subprocess.Popen(['sleep', '{LINGERING_SECONDS}'], start_new_session=True)
print(np.random.rand())
"""

LOOK_FOR_TRACES = """
import json, os, numpy as np
processes = {p: open(f'/proc/{p}/cmdline', 'rb').read().split(b'\\0')[0].decode()
             for p in os.listdir('/proc') if p.isdigit()}
print(json.dumps({"files": [p for p in ['/tmp/trace', '/dev/shm/trace', 'left_behind.txt']
                            if os.path.exists(p)],
                  "processes": processes, "pid": os.getpid(), "uid": os.getuid(),
                  "random": float(np.random.rand())}))
"""

WRITE_OUTSIDE = """
import json, os, sys
def attempt(path):
    try:
        open(path, 'w').write('x')
        return 'written'
    except OSError as error:
        return error.strerror
print(json.dumps({p: attempt(p) for p in ['/planted', '/dev/planted', sys.prefix + '/planted',
                                          os.path.dirname(os.getcwd()) + '/planted']}))
"""


def run(workdir, *sources, warm=True):
    """Execute a notebook of `sources` in `workdir` as the grader does; its executed cells."""
    config = Config()
    config.Sandbox.warm_kernels = warm
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    executed, _ = SandboxedExecute(config=config).preprocess(
        notebook, {"metadata": {"path": str(workdir)}})
    return executed.cells


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.fixture
def workdir(tmp_path):
    folder = tmp_path / "autograder" / "submitted" / "ann" / "day03"
    folder.mkdir(parents=True)
    (folder / "data.txt").write_text("given")
    return folder


def host_processes_sleeping() -> list:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().split(b"\0")[:2] == [b"sleep", LINGERING_SECONDS.encode()]:
                    found.append(pid)
        except OSError:
            pass
    return found


def test_a_kernel_finds_nothing_of_the_kernel_before_it(workdir):
    first = run(workdir, LEAVE_TRACES)
    server = Zygote.for_sandbox(Sandbox())
    second = run(workdir, LOOK_FOR_TRACES)
    assert Zygote.for_sandbox(Sandbox()) is server  # one server, forked twice
    seen = json.loads(printed(second[0]))
    assert seen["files"] == []
    assert seen["pid"] == 1 and set(seen["processes"]) == {"1"}  # its own PID namespace
    assert seen["uid"] != 0
    assert seen["random"] != float(printed(first[0]))  # numpy reseeded after the fork
    assert host_processes_sleeping() == []  # the first kernel's process died with it
    assert not (workdir / "left_behind.txt").exists()  # written to the private copy only


def test_a_kernel_writes_only_into_its_own_folders(workdir):
    attempts = json.loads(printed(run(workdir, WRITE_OUTSIDE)[0]))
    outside = {p: a for p, a in attempts.items() if not p.endswith("/ann/planted")}
    assert set(outside.values()) == {"Read-only file system"}, attempts
    # The folder above the notebook's is the kernel's own (a fresh tmpfs), not the grader's:
    assert not (workdir.parent / "planted").exists()


def test_warm_and_cold_kernels_print_the_same(workdir):
    sources = ["import numpy as np, sys\nnp.random.seed(3)\nprint(np.random.rand(3).sum())",
               "print(sorted(k for k in globals() if not k.startswith('_')))",
               "print(open('data.txt').read(), sys.getrecursionlimit())"]
    warm = [printed(c) for c in run(workdir, *sources, warm=True)]
    cold = [printed(c) for c in run(workdir, *sources, warm=False)]
    assert warm == cold and "given" in warm[2]


def test_a_kernel_that_exits_is_reported_and_the_next_one_starts(workdir):
    cells = run(workdir, "print('before')", "import os; os._exit(3)", "print('after')")
    assert printed(cells[0]) == "before\n"
    assert cells[1].outputs[-1].ename == KERNEL_DIED
    assert cells[2].outputs[0].ename == NOT_RUN
    assert printed(run(workdir, "print(6 * 7)")[0]) == "42\n"


def test_a_dead_server_is_replaced(workdir):
    run(workdir, "pass")
    server = Zygote.for_sandbox(Sandbox())
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    assert printed(run(workdir, "print('again')")[0]) == "again\n"
    assert Zygote.for_sandbox(Sandbox()) is not server


def test_each_kernel_reports_its_peak_memory(workdir):
    before = len(PEAKS_MB)
    run(workdir, "import numpy as np; block = np.ones(50 * 2**20 // 8); print(block.sum())")
    run(workdir, "print(1)")
    small, big = PEAKS_MB[before + 1], PEAKS_MB[before]
    assert 20 < small < 1024 and big > small + 40  # MiB: the 50 MB block counted once


LIST_THE_COURSE = """
import json, os
top = '/' + os.getcwd().strip('/').split('/')[0]
seen = []
for folder, dirs, files in os.walk(top):
    dirs[:] = [d for d in dirs if d not in ('.venv', 'coursekit')]  # the bound Python folders
    seen += [os.path.join(folder, f) for f in files]
print(json.dumps(seen))
"""


def test_a_course_outside_tmp_is_hidden_but_the_notebook_folder(tmp_path_factory):
    """Under the repository (outside /tmp, as a course in /home/... is, unless the clone is in
    /tmp): the kernel sees its own folder and the read-only Python folders, nothing else of the
    course or of earlier submissions."""
    repo = Path(__file__).resolve().parent.parent
    base = Path(tempfile.mkdtemp(prefix="warm-test-", dir=repo / "autograder"))
    try:
        first = base / "submitted" / "ann" / "day03"
        second = base / "submitted" / "bob" / "day03"
        for folder, name in [(first, "ann.txt"), (second, "bob.txt")]:
            folder.mkdir(parents=True)
            (folder / name).write_text("mine")
        run(first, "open('scribble.txt', 'w').write('x')")
        seen = json.loads(printed(run(second, LIST_THE_COURSE)[0]))
        # Of the repository, only the notebook's own folder (elsewhere: the kernel's own /tmp).
        assert [f for f in seen if f.startswith(str(repo) + "/")] == [str(second / "bob.txt")]
        assert not (first / "scribble.txt").exists()
    finally:
        shutil.rmtree(base)


def test_without_a_fork_server_kernels_start_cold(workdir, monkeypatch, caplog):
    import coursekit.grading.warm as warm

    monkeypatch.setattr(warm, "ZYGOTE_MODULE", "coursekit.grading.no_such_module")
    monkeypatch.setattr(Zygote, "_running", {})
    monkeypatch.setattr(Zygote, "_failed", {})
    assert printed(run(workdir, "print('cold')")[0]) == "cold\n"
    assert printed(run(workdir, "print('still cold')")[0]) == "still cold\n"
    warnings = [r.getMessage() for r in caplog.records if "warm kernels are off" in r.getMessage()]
    assert len(warnings) == 1 and "no_such_module" in warnings[0]


def test_a_forked_grading_worker_leaves_no_server_folder_behind(workdir):
    from coursekit.grading.parallel import ForkedProcess

    def serve(read, write):
        run(workdir, "print(1)")
        write.write(Zygote.for_sandbox(Sandbox()).folder + "\n")
        write.flush()
        read.read()

    worker = ForkedProcess(serve, None, [])
    folder = worker.stdout.readline().strip()
    assert folder.startswith("/tmp/ckz-") and os.path.isdir(folder)
    worker.stdin.close()
    os.waitpid(worker.pid, 0)
    assert not os.path.exists(folder)


def test_a_new_server_folder_sweeps_the_folders_of_dead_owners(tmp_path):
    """A grading process killed by SIGKILL leaves its server folder; the next server removes it,
    and leaves alone the folders of live processes and whatever is not a server folder."""
    from coursekit.grading.warm import new_folder

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"ckz-{dead.pid}-abc" / "kernels").mkdir(parents=True)
    (tmp_path / f"ckz-{os.getppid()}-def").mkdir()
    (tmp_path / "ckz-old_style").mkdir()
    (tmp_path / "other-1-x").mkdir()
    folder = new_folder(str(tmp_path))
    assert os.path.basename(folder).startswith(f"ckz-{os.getpid()}-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [os.path.basename(folder), f"ckz-{os.getppid()}-def", "ckz-old_style", "other-1-x"])
