"""The instructor's grading commands (registered into `coursekit`, see coursekit/cli.py).

    coursekit collect DAY [--zip FILE ...] [--regexp RE]   submissions into autograder/submitted
    coursekit grade DAY [--jobs N | --scheduler ADDRESS] [--unsafe] [--force]
                                                           collect, autograde (hardened),
                                                           integrity report, feedback, grades CSV
    coursekit feedback DAY                                 feedback HTML for every graded student
    coursekit export [DAY]                                 grades to autograder/grades.csv
    coursekit report DAY                                   the integrity report again (CSV + MD)

`grade` runs nbgrader's own Autograde converter with the course's nbgrader_config.py, so it grades
exactly as `nbgrader autograde DAY` does, in parallel worker processes. It resumes: students
already graded (and unchanged since) are skipped unless --force.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
import warnings
from pathlib import Path

from .. import course
from . import parallel
from .progress import Progress, clock_text

GRADING = "autograder"
DEFAULT_ZIP_REGEXP = r".*?(?P<student_id>[A-Za-z0-9.-]+)_(?P<file_id>[^/]+\.ipynb)$"


def _one_day(root: Path, names: list) -> str:
    days = course.select_days(root, names)
    if len(days) != 1:
        raise course.CourseError("name exactly one day, e.g. `coursekit grade day03`")
    return days[0]


def _coursedir(root: Path):
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=parallel.load_config(root))


def submitted_students(root: Path, day: str, folder: str = "submitted_directory") -> list:
    """The students with a folder of `day` under nbgrader's `folder` (submitted_directory,
    autograded_directory, ...)."""
    coursedir = _coursedir(root)
    pattern = Path(coursedir.format_path(getattr(coursedir, folder), "*", day))
    return sorted(p.parent.name for p in pattern.parent.parent.glob(f"*/{day}") if p.is_dir())


def _timed(task) -> tuple:
    """(ok, seconds, error) of task() -> (ok, error): Progress.step's arguments."""
    started = time.monotonic()
    ok, error = task()
    return ok, time.monotonic() - started, error


# --- collect -------------------------------------------------------------------------------------

def collect(root: Path, day: str, zips: list, regexp: str, summarize: bool = True) -> None:
    """Bring submissions into autograder/submitted: from LMS zip files, or from the exchange
    (student by student, with progress and its summary table)."""
    if zips:
        archive = root / GRADING / "downloaded" / day / "archive"
        archive.mkdir(parents=True, exist_ok=True)
        for path in zips:
            shutil.copy2(path, archive / Path(path).name)
        started = time.monotonic()
        course.run_nbgrader(["zip_collect", day, "--force",
                             f"--ZipCollectApp.downloaded_directory={GRADING}/downloaded",
                             f"--FileNameCollectorPlugin.named_regexp={regexp}"], root)
        print(f"collected {len(zips)} zip file(s) into {GRADING}/submitted in "
              f"{clock_text(time.monotonic() - started)}: {len(submitted_students(root, day))} "
              f"student(s) of {day} there now")
        return
    config = parallel.load_config(root)  # the exchange is set in nbgrader_config.py
    exchange = Path(config.Exchange.root) if "root" in config.Exchange else None
    inbound = exchange / config.CourseDirectory.course_id / "inbound" if exchange else None
    students = sorted({p.name.rsplit("+", 3)[0] for p in inbound.glob(f"*+{day}+*")}
                      if inbound else [])
    if not students:
        print(f"no exchange submissions of {day}; grading what is in {GRADING}/submitted")
        return
    print(f"collecting {len(students)} exchange submission(s) of {day}")
    progress = Progress(len(students), "collected")
    log_dir = root / GRADING / "logs" / day / "collect"
    for student in students:
        progress.step(student, *_timed(lambda: collect_one(config, day, student, log_dir)))
    if summarize:
        progress.finish(f"collect {day}:")
    else:
        progress.end()
    print(f"collected the exchange's submissions of {day}")


def collect_one(config, day: str, student: str, log_dir: Path) -> tuple:
    """`nbgrader collect DAY --update --student STUDENT`: the student's newest submission (the
    newest before the due date, if nbgrader is so configured), if newer than the one collected
    before; (ok, error summary)."""
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    collector = ExchangeFactory(config=config).Collect(
        coursedir=parallel.student_coursedir(config, day, student),
        authenticator=Authenticator(config=config), config=config)
    collector.update = True
    return parallel.run_logged(collector, log_dir / f"{student}.log", "nbgrader could not "
                               "collect this submission")


def recover_renamed(root: Path, day: str, student: str) -> list:
    """Rename a submission notebook back when its expected name is missing and exactly one other
    notebook is there (e.g. "day03_activations (1).ipynb"); the events, for the report."""
    coursedir = _coursedir(root)
    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, day))
    expected = {p.name for p in (root / course.SOURCE / day).glob("*.ipynb")}
    present = {p.name for p in folder.glob("*.ipynb")}
    extra = sorted(present - expected)
    events = []
    for name in sorted(expected - present):
        if len(extra) == 1:
            os.replace(folder / extra[0], folder / name)
            events.append({"event": "renamed", "detail": f"{extra.pop()} was graded as {name}"})
        else:
            events.append({"event": "missing", "detail": f"no {name} in the submission"
                           + (f" (found {', '.join(extra)})" if extra else "")})
    return events


def has_notebooks(root: Path, day: str, student: str) -> bool:
    coursedir = _coursedir(root)
    return any(Path(coursedir.format_path(coursedir.submitted_directory, student, day)).glob("*.ipynb"))


def record_missing(root: Path, day: str, student: str) -> None:
    """Give a submission without any notebook zero on every autograded cell, as nbgrader does
    for each missing notebook of a submission it grades (it skips one with no notebook at all)."""
    from nbgrader.api import Gradebook

    config = parallel.load_config(root)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes while nbgrader builds it
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(day, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell.cell_type == "code":
                    grade.auto_score, grade.needs_manual_grade = 0, False
        gb.db.commit()


def _write_events(root: Path, day: str, student: str, events: list) -> None:
    folder = root / GRADING / "reports" / day / student
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_submission.json").write_text(json.dumps(events, indent=1))


# --- grade ---------------------------------------------------------------------------------------

def autograde(root: Path, day: str, students: list, jobs: int, unsafe: bool, force: bool,
              show=print, scheduler: str = "", missing: int = 0) -> list:
    """Autograde `students` with `jobs` workers, or on the Dask cluster at `scheduler`, with
    progress (`missing`: submissions without a notebook, scored zero without grading); return
    the Outcomes of those graded now and the summary table."""
    from .sandbox import Sandbox, SandboxUnavailable, _font_cache

    config = parallel.load_config(root)
    sandbox = Sandbox(config=config)
    sandbox.allow_unsafe = unsafe
    try:
        isolated = sandbox.check()
    except SandboxUnavailable as exc:
        raise course.CourseError(str(exc)) from None
    if not isolated:
        show("WARNING: grading WITHOUT the sandbox (--unsafe): student code can read and write "
             "your files and use the network.")
    _font_cache()  # built once here rather than by every worker at once
    journal = parallel.Journal(root / GRADING / "runs" / day)
    coursedir = _coursedir(root)
    prints = {s: parallel.fingerprint(Path(coursedir.format_path(
        coursedir.submitted_directory, s, day))) for s in students}
    todo = [s for s in students if force or not journal.is_done(s, prints[s])]
    skipped = len(students) - len(todo)
    if skipped:
        show(f"{skipped} student(s) already graded and unchanged (use --force to grade again)")
    outcomes = []
    if todo:
        where = f"on the cluster at {scheduler}" if scheduler else f"with {jobs} worker(s)"
        show(f"grading {len(todo)} submission(s) of {day} {where}")
    progress = Progress(len(todo), "graded", ok_word="ok")

    def on_outcome(outcome: parallel.Outcome) -> None:
        outcomes.append(outcome)
        if outcome.ok:
            journal.mark_done(outcome.student, prints[outcome.student])
        else:
            journal.forget(outcome.student)
        progress.step(outcome.student, outcome.ok, outcome.seconds, outcome.error)

    if todo:
        logs = root / GRADING / "logs" / day
        logs.mkdir(parents=True, exist_ok=True)
        os.environ.update(course.tool_env())  # the workers' kernels come from this install
        if scheduler:
            from . import distributed

            distributed.grade_students(root, day, todo, scheduler, on_outcome=on_outcome)
        else:
            with open(logs / "workers.err", "a") as stderr:
                start = parallel.fork_workers(root, day, unsafe, stderr)
                parallel.grade_students(todo, jobs, start, on_outcome=on_outcome)
        from .warm import sweep

        sweep()  # the server folders of workers killed on the way
    progress.end()
    peaks = sorted(o.peak_mb for o in outcomes if o.peak_mb is not None)
    extra = ((("no notebook (zero)", str(missing)),) if missing else ()) + ((
        ("kernel peak memory", f"median {statistics.median(peaks):.0f} MB, max "
                               f"{peaks[-1]:.0f} MB"),) if peaks else ())
    return outcomes, progress.summary(f"autograde {day}:", skipped, extra)


def scores(root: Path, day: str) -> dict:
    """student -> (autograded score, autograded max, total score, total max) from the gradebook."""
    from nbgrader.api import Gradebook

    config = parallel.load_config(root)
    result = {}
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        for submission in gb.assignment_submissions(day):
            grades = [g for nb in submission.notebooks for g in nb.grades]
            auto = [g for g in grades if g.cell.cell_type == "code"]
            result[submission.student_id] = (sum(g.score for g in auto),
                                             sum(g.max_score for g in auto),
                                             submission.score, submission.max_score)
    return result


def run_grade(args: argparse.Namespace, root: Path) -> int:
    day = _one_day(root, args.days)
    if not args.no_collect:
        collect(root, day, args.zip or [], args.regexp, summarize=False)
    students = [s for s in submitted_students(root, day) if not args.student or s in args.student]
    if not students:
        print(f"no submissions of {day} in {GRADING}/submitted"
              + (f" from {', '.join(args.student)}" if args.student else ""))
        return 1
    for student in students:
        _write_events(root, day, student, recover_renamed(root, day, student))
    empty = [s for s in students if not has_notebooks(root, day, s)]
    for student in empty:
        record_missing(root, day, student)
    gradable = [s for s in students if s not in empty]
    outcomes, summary = autograde(root, day, gradable, args.jobs, args.unsafe, args.force,
                                  scheduler=args.scheduler, missing=len(empty))
    md_path, rows = write_report(root, day)
    flagged = {r["student"] for r in rows if r["status"] != "noted"}
    if not args.no_feedback:
        feedback(root, day, summarize=False)
    grades_csv, = export_days(root, [day], summarize=False)
    _print_summary(root, day, flagged)
    failed = [o for o in outcomes if not o.ok]
    print(f"integrity report: {os.path.relpath(md_path, root)}  grades: "
          f"{os.path.relpath(grades_csv, root)}")
    print(summary)
    if failed:
        print(f"{len(failed)} submission(s) could not be graded: "
              f"{', '.join(o.student for o in failed)}; see {GRADING}/logs/{day}/<student>.log "
              "and run the same command again to retry them")
    return 1 if failed else 0


def write_report(root: Path, day: str) -> tuple:
    """Write the day's integrity report; (its Markdown path, its rows with the submission events)."""
    from . import integrity  # here, not at the top: it loads nbgrader, which every command pays

    _, md_path, rows = integrity.write_report(str(root / GRADING / "reports"), day)
    return md_path, report_rows_with_events(root, day, rows)


def report_rows_with_events(root: Path, day: str, rows: list) -> list:
    """The integrity rows plus one row per renamed or missing notebook."""
    extra = []
    for path in sorted((root / GRADING / "reports" / day).glob("*/_submission.json")):
        for event in json.loads(path.read_text()):
            extra.append({"student": path.parent.name, "assignment": day, "notebook": "",
                          "exercise": "*", "answer_cells": "", "status": event["event"],
                          "rule": "submission", "where": "", "message": event["detail"],
                          "code": ""})
    return rows + extra


def _print_summary(root: Path, day: str, flagged: set) -> None:
    table = scores(root, day)
    print(f"{'student':<24} {'autograded':>12} {'total':>12}  notes")
    for student, (auto, auto_max, total, total_max) in sorted(table.items()):
        print(f"{student:<24} {auto:>6g}/{auto_max:<5g} {total:>6g}/{total_max:<5g}  "
              f"{'see integrity report' if student in flagged else ''}")


def export(root: Path, day: str, progress: Progress = None) -> Path:
    """nbgrader's CSV export of one day, to autograder/grades_<day>.csv (what `nbgrader export
    --to ... --CsvExportPlugin.assignment=[day]` writes, without starting nbgrader again),
    with a `progress` step for each student written."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    config = parallel.load_config(root)
    target = root / GRADING / f"grades_{day}.csv"
    plugin = CsvExportPlugin(config=config)
    plugin.to, plugin.assignment = str(target), [day]
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        plugin.export(_CountingGradebook(gb, progress) if progress else gb)
    return target


class _CountingGradebook:
    """A Gradebook whose find_submission (called once per student by nbgrader's CSV export)
    steps a Progress."""

    def __init__(self, gradebook, progress: Progress):
        self._gradebook, self._progress = gradebook, progress

    def __getattr__(self, name: str):
        return getattr(self._gradebook, name)

    def find_submission(self, assignment: str, student: str):
        try:
            return self._gradebook.find_submission(assignment, student)
        finally:
            self._progress.step(student)


def export_days(root: Path, days: list, summarize: bool = True) -> list:
    """Export each day's grades with one progress over all their student rows (and its summary
    table); the CSV paths."""
    from nbgrader.api import Gradebook

    config = parallel.load_config(root)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        students = len(gb.students)
    progress = Progress(students * len(days), "exported", plain_every=1.0)
    paths = [export(root, day, progress) for day in days]
    if summarize:
        progress.finish(f"export {', '.join(days)}:")
    else:
        progress.end()
    return paths


# --- feedback ------------------------------------------------------------------------------------

def feedback(root: Path, day: str, summarize: bool = True) -> list:
    """Feedback HTML for every autograded student of `day`, one at a time with progress (and
    its summary table), what `nbgrader generate_feedback DAY --force` writes; the students it
    failed for."""
    config = parallel.load_config(root)
    students = submitted_students(root, day, "autograded_directory")
    log_dir = root / GRADING / "logs" / day / "feedback"
    progress = Progress(len(students), "given feedback", ok_word="written")
    failed = []
    for student in students:
        ok, seconds, error = _timed(lambda: parallel.feedback_one(config, day, student, log_dir))
        progress.step(student, ok, seconds, error)
        failed += [] if ok else [student]
    if summarize:
        progress.finish(f"feedback {day}:")
    else:
        progress.end()
    return failed


# --- the smaller commands ------------------------------------------------------------------------

def run_collect(args: argparse.Namespace, root: Path) -> int:
    collect(root, _one_day(root, args.days), args.zip or [], args.regexp)
    return 0


def run_feedback(args: argparse.Namespace, root: Path) -> int:
    day = _one_day(root, args.days)
    failed = feedback(root, day)
    print(f"feedback for {day} in {GRADING}/feedback/<student>/{day}/"
          + (f"; none for {', '.join(failed)}: see {GRADING}/logs/{day}/feedback/" if failed
             else ""))
    return 1 if failed else 0


def run_export(args: argparse.Namespace, root: Path) -> int:
    days = course.select_days(root, args.days)
    for day, path in zip(days, export_days(root, days)):
        print(f"{day}: {os.path.relpath(path, root)}")
    return 0


def run_report(args: argparse.Namespace, root: Path) -> int:
    day = _one_day(root, args.days)
    md_path, rows = write_report(root, day)
    for row in rows:
        print(f"{row['student']:<20} {row['exercise']:<22} {row['status']:<9} {row['message']}")
    print(f"{len(rows)} line(s); {os.path.relpath(md_path, root)}")
    return 0


def grade_arguments(parser: argparse.ArgumentParser) -> None:
    course.day_arguments(parser)
    parser.add_argument("--jobs", "-j", type=int, default=max(1, os.cpu_count() or 1),
                        help="students graded at once (default: the number of CPUs)")
    parser.add_argument("--scheduler", default="", metavar="ADDRESS",
                        help="grade on the Dask cluster whose scheduler is at ADDRESS "
                             "(e.g. tcp://10.0.0.5:8786) instead of local workers")
    parser.add_argument("--unsafe", action="store_true",
                        help="grade even if this machine cannot sandbox student code")
    parser.add_argument("--force", action="store_true", help="grade again students already graded")
    parser.add_argument("--student", action="append", metavar="ID",
                        help="grade only this student (repeatable)")
    parser.add_argument("--no-collect", action="store_true", help="skip collecting submissions")
    parser.add_argument("--no-feedback", action="store_true", help="skip generating feedback")
    collect_arguments(parser, days=False)


def collect_arguments(parser: argparse.ArgumentParser, days: bool = True) -> None:
    if days:
        course.day_arguments(parser)
    parser.add_argument("--zip", action="append", metavar="FILE",
                        help="a zip of submissions downloaded from the LMS (repeatable)")
    parser.add_argument("--regexp", default=DEFAULT_ZIP_REGEXP,
                        help="how a file name in the zip gives student_id and file_id "
                             "(default: <student>_<notebook>.ipynb)")


def commands() -> list:
    return [
        course.Command("collect", "collect submissions (exchange or LMS zip) into autograder/",
                    run_collect, collect_arguments),
        course.Command("grade", "collect, autograde in the sandbox, report, feedback, export",
                    run_grade, grade_arguments),
        course.Command("feedback", "generate feedback for every graded student", run_feedback),
        course.Command("export", "export grades to autograder/grades_<day>.csv", run_export),
        course.Command("report", "write the integrity report of a day again", run_report),
    ]
