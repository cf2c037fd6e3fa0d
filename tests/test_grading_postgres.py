"""The gradebook on a real PostgreSQL server (db_url from COURSEKIT_DB_URL, as an instructor sets
it): a class collected from the exchange and graded by `coursekit grade --jobs 2`, one worker
SIGKILLed mid-grading, gets exactly the grades of a serial plain `nbgrader autograde` into the
default SQLite gradebook; then feedback, export, report and a plain `nbgrader autograde` from the
course folder work on the same server.

The server is Debian's `postgresql` (`make system-deps`), started by the `postgres` fixture from
/usr/lib/postgresql/*/bin in a temporary folder, listening only on a Unix socket there, and
stopped after the module. PostgreSQL refuses to run as root, so under root it runs as `nobody`.
Without the server or the driver (psycopg, in the test extra) the tests skip, unless CI=true,
where they fail.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from conftest import CourseRoot
from coursekit import cli
from coursekit.grading import parallel
from coursekit.grading.sandbox import Sandbox
from hostile.notebook import DAY, GOOD_RELU, OTHER_RELU, OTHER_SIGMOID, WRONG_SIGMOID, submission
from test_grading_cli import _workers_of, nbgrader_as_student, write_answers
from test_grading_hostile import COURSEKIT, make_course

POSTGRES_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SLOW_SECONDS = 8  # a_slow's extra cell: long enough to be killed inside, short for the suite
CLASS = {  # student -> notebook; a_slow (sorted first) is the one whose worker is killed
    "a_slow": submission(OTHER_SIGMOID),
    "ben": submission(WRONG_SIGMOID),
    "cho": submission(OTHER_SIGMOID, OTHER_RELU),
    "dev": submission(relu="return x"),
    "eun": submission("return ref.sigmoid(x)", GOOD_RELU),  # flagged: zeroed from sigmoid on
}
CLASS["a_slow"]["cells"].append({"cell_type": "code", "id": "slow", "metadata": {}, "outputs": [],
                                 "execution_count": None,
                                 "source": f"import time\ntime.sleep({SLOW_SECONDS})"})
BY_EXCHANGE = {"fay": (OTHER_SIGMOID, GOOD_RELU)}  # fetched and submitted as a student would


def postgres_bin_or_skip() -> Path:
    """The folder of PostgreSQL's initdb and pg_ctl, or skip (fail when CI=true)."""
    reason = None
    try:
        import psycopg  # noqa: F401 (SQLAlchemy's driver for postgresql:// URLs)
    except ImportError as exc:  # not installed, or no libpq (`make system-deps` brings it)
        reason = f"the PostgreSQL driver cannot load ({exc}): run `make system-deps` and " \
                 "pip install -e '.[test]'"
    folders = sorted(glob.glob(POSTGRES_BIN_GLOB), key=lambda f: int(Path(f).parent.name)
                     if Path(f).parent.name.isdigit() else 0)
    folders = [f for f in folders if os.access(Path(f) / "pg_ctl", os.X_OK)]
    if reason is None and not folders:
        reason = (f"PostgreSQL is not in {POSTGRES_BIN_GLOB}: run `make system-deps` "
                  "(apt-get install postgresql)")
    if reason is None:
        return Path(folders[-1])
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


class PostgresServer:
    """A throwaway PostgreSQL cluster in `folder`, on a Unix socket there, no TCP; the superuser
    `postgres` connects without a password (trust: only this machine's users reach the socket)."""

    def __init__(self, bin_dir: Path, folder: Path):
        self.bin_dir, self.folder = bin_dir, folder
        self.data, self.log = folder / "data", folder / "server.log"
        self.user = pwd.getpwnam("nobody") if os.geteuid() == 0 else None  # postgres refuses root
        if self.user:
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> None:
        owner = ({"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
                 if self.user else {})
        result = subprocess.run([str(self.bin_dir / args[0]), *args[1:]], cwd=self.folder,
                                stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=120, **owner)
        log = self.log.read_text() if self.log.exists() else ""
        assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}{result.stderr}{log}"

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync", "--no-instructions")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
                  f"-k {self.folder} -c listen_addresses='' -c fsync=off", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def create_database(self, name: str) -> str:
        """A new empty database; its SQLAlchemy URL."""
        self.execute("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def execute(self, database: str, sql: str) -> list:
        import psycopg

        with psycopg.connect(dbname=database, user="postgres", host=str(self.folder),
                             autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="module")
def postgres():
    bin_dir = postgres_bin_or_skip()
    # not under pytest's tmp_path: its folders are root's alone, and the server runs as nobody
    server = PostgresServer(bin_dir, Path(tempfile.mkdtemp(prefix="coursekit-pg-")))
    try:
        server.start()
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


needs_sandbox = pytest.mark.skipif(Sandbox().problem() is not None,
                                   reason=f"cannot sandbox here: {Sandbox().problem()}")


def submit_class(course) -> None:
    for student, nb in CLASS.items():
        folder = course.path / "autograder" / "submitted" / student / DAY
        folder.mkdir(parents=True)
        (folder / f"{DAY}.ipynb").write_text(json.dumps(nb))


def submit_by_exchange(course, home: Path) -> None:
    """BY_EXCHANGE's students fetch the released notebook, answer and submit it."""
    exchange = course.path / "autograder" / "exchange"
    course.nbgrader("release_assignment", DAY, "--force")
    for student, (sigmoid, relu) in BY_EXCHANGE.items():
        (home / student).mkdir(parents=True)
        (home / student / "nbgrader_config.py").write_text(textwrap.dedent(f"""\
            c = get_config()
            c.Exchange.root = {str(exchange)!r}
            c.CourseDirectory.course_id = "dlfs"
        """))
        nbgrader_as_student(home / student, "fetch_assignment", DAY, "--course", "dlfs")
        write_answers(home / student / DAY / f"{DAY}.ipynb", sigmoid, relu)
        nbgrader_as_student(home / student, "submit", DAY, "--course", "dlfs",
                            "--student", student)


def scores(course) -> dict:
    """student -> {grade_id: score} from the course's gradebook."""
    return {student: {k: g.score for k, g in course.grades(student, DAY).items()}
            for student in [*CLASS, *BY_EXCHANGE]}


@pytest.fixture(scope="module")
def serial_sqlite(course_root_factory, tmp_path_factory) -> dict:
    """The class graded by plain serial `nbgrader autograde` into the default SQLite gradebook:
    (scores, seconds taken)."""
    course = make_course(course_root_factory)
    assert course.config.CourseDirectory.db_url.startswith("sqlite:///")
    submit_class(course)
    submit_by_exchange(course, tmp_path_factory.mktemp("students"))
    course.nbgrader("collect", DAY)
    started = time.monotonic()
    course.nbgrader("autograde", DAY)
    return scores(course), time.monotonic() - started


def kill_the_worker_grading(run: subprocess.Popen, course, student: str) -> None:
    """SIGKILL the worker given `student` (the first one started) once its grading has begun."""
    log = course.path / "autograder" / "logs" / DAY / f"{student}.log"
    deadline = time.monotonic() + 120
    while not (log.exists() and len(_workers_of(run.pid)) >= 2):
        assert time.monotonic() < deadline and run.poll() is None, "grading never started"
        time.sleep(0.1)
    time.sleep(1.0)  # inside its kernel's run: its sleeping cell alone lasts SLOW_SECONDS
    os.kill(_workers_of(run.pid)[0], signal.SIGKILL)


@needs_sandbox
def test_a_class_graded_into_postgres_with_a_killed_worker_matches_serial_sqlite(
        postgres, serial_sqlite, tmp_path, monkeypatch):
    url = postgres.create_database("dlfs_class")
    monkeypatch.setenv("COURSEKIT_DB_URL", url)  # what an instructor exports; no config edit
    (tmp_path / "course").mkdir()
    course = make_course(lambda: CourseRoot(tmp_path / "course"))
    assert course.config.CourseDirectory.db_url == url
    submit_class(course)
    submit_by_exchange(course, tmp_path / "students")

    started = time.monotonic()
    run = subprocess.Popen([COURSEKIT, "--root", str(course.path), "grade", DAY, "--jobs", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=cli.tool_env())
    kill_the_worker_grading(run, course, "a_slow")
    out, _ = run.communicate(timeout=600)
    seconds = time.monotonic() - started
    serial, serial_seconds = serial_sqlite
    print(f"\n{len(serial)} students: serial nbgrader autograde into SQLite {serial_seconds:.1f} s;"
          f" coursekit grade --jobs 2 into PostgreSQL, one worker killed {seconds:.1f} s "
          "(collect, report, feedback and export included)")
    assert run.returncode == 0, out
    assert "collected the exchange's submissions" in out and "6/6 graded" in out, out
    assert all(out.count(f"{s}: ok") == 1 for s in serial), out  # a_slow graded once, retried
    assert scores(course) == serial
    assert not (course.path / "autograder" / "gradebook.db").exists()
    rows = postgres.execute("dlfs_class", "SELECT count(*) FROM submitted_assignment")
    assert rows == [(len(serial),)]

    coursekit = lambda *args: subprocess.run(  # noqa: E731
        [COURSEKIT, "--root", str(course.path), *args], capture_output=True, text=True,
        env=cli.tool_env(), timeout=600)
    feedback = coursekit("feedback", DAY)
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    assert all((course.path / "autograder" / "feedback" / s / DAY / f"{DAY}.html").exists()
               for s in serial)
    exported = coursekit("export", DAY)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    with open(course.path / "autograder" / f"grades_{DAY}.csv", newline="") as f:
        raw = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert raw == {s: sum(cells.values()) for s, cells in serial.items()}
    report = coursekit("report", DAY)
    assert report.returncode == 0 and "eun" in report.stdout and "zeroed" in report.stdout, \
        report.stdout + report.stderr

    course.nbgrader("autograde", DAY, "--student", "ben", "--force")  # plain nbgrader, same db
    assert scores(course) == serial


def test_nbgrader_config_reads_the_gradebook_url_from_the_environment(repo_root, tmp_path,
                                                                        monkeypatch):
    from traitlets.config.loader import PyFileConfigLoader

    shutil.copy2(repo_root / cli.CONFIG_FILE, tmp_path / cli.CONFIG_FILE)
    db_url = lambda: PyFileConfigLoader(  # noqa: E731
        cli.CONFIG_FILE, path=str(tmp_path)).load_config().CourseDirectory.db_url
    monkeypatch.delenv("COURSEKIT_DB_URL", raising=False)
    assert db_url() == f"sqlite:///{tmp_path / 'autograder' / 'gradebook.db'}"
    monkeypatch.setenv("COURSEKIT_DB_URL", "postgresql://grader@db.example/dlfs")
    assert db_url() == "postgresql://grader@db.example/dlfs"


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception),
                                         (None, pytest.skip.Exception)])
def test_missing_postgres_skips_locally_and_fails_on_ci(monkeypatch, ci, outcome):
    monkeypatch.setattr(sys.modules[__name__], "POSTGRES_BIN_GLOB", "/nonexistent/*/bin")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="make system-deps"):
        postgres_bin_or_skip()


def _serve_or_crash(read, write) -> None:
    """A stand-in grading worker: dies on students named crash*, grades the others."""
    for line in read:
        student = json.loads(line)["student"]
        if student.startswith("crash"):
            os._exit(9)
        write.write(json.dumps({"student": student, "ok": True}) + "\n")
        write.flush()


def test_workers_forked_after_a_death_grade_on():
    """A worker forked to replace a dead one must not touch the dead one's (closed, maybe reused)
    pipe numbers: before this was fixed every replacement died at once."""
    students = ["crash1", "a", "b", "crash2", "c", "d", "e"]
    outcomes = parallel.grade_students(students, 2, parallel.forker(_serve_or_crash),
                                       retries=0)  # no second chance hides a death
    by_student = {o.student: o for o in outcomes}
    assert all(by_student[s].ok for s in "abcde"), outcomes
    assert [by_student[s].error for s in ("crash1", "crash2")] == \
        ["the grading worker died (exit status 9)"] * 2
