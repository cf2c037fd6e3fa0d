"""coursekit.cli: finding the course folder, choosing days, the days / validate / release commands
(release with the real nbgrader), and reading nbgrader's log."""
import copy
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import cli, notebooks


@pytest.fixture
def course(course_root_factory, demo_notebook):
    """A course folder with one good day (day90_demo) and nothing else."""
    course = course_root_factory()
    course.add_day("day90_demo", demo_notebook)
    return course


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- the course folder and the days --------------------------------------------------------------

def test_find_root_walks_up_to_the_folder_with_the_config(course):
    nested = course.path / "source" / "day90_demo"
    assert cli.find_root(nested) == course.path
    assert cli.find_root(course.path) == course.path


def test_find_root_outside_a_course_says_what_is_missing(tmp_path):
    with pytest.raises(cli.CourseError, match="no nbgrader_config.py in .* or any folder above"):
        cli.find_root(tmp_path)


def test_select_days_by_name_or_unique_prefix(course, demo_notebook):
    course.add_day("day91_more", demo_notebook)
    assert cli.select_days(course.path, []) == ["day90_demo", "day91_more"]
    assert cli.select_days(course.path, ["day91"]) == ["day91_more"]
    assert cli.select_days(course.path, ["day90_demo", "day90"]) == ["day90_demo"]
    with pytest.raises(cli.CourseError, match="'day9' matches several days"):
        cli.select_days(course.path, ["day9"])
    with pytest.raises(cli.CourseError, match="'day14' is not a day in source/; the days are: "
                                              "day90_demo, day91_more"):
        cli.select_days(course.path, ["day14"])


def test_tool_env_puts_this_pythons_bin_first():
    env = cli.tool_env({"PATH": "/usr/bin"})
    assert env["PATH"].split(":") == [str(Path(sys.executable).parent), "/usr/bin"]


def test_error_summary_gives_one_line_per_error():
    log = "\n".join([
        "[GenerateAssignmentApp | INFO] Converting notebook day.ipynb",
        "[GenerateAssignmentApp | ERROR] Traceback (most recent call last):",
        '      File "base.py", line 3, in convert',
        "    RuntimeError: no end solution statement found",
        "    (Background on this error at: https://example)",
        "[GenerateAssignmentApp | ERROR] There was an error processing assignment: day",
        "[GenerateAssignmentApp | WARNING] Removing failed assignment: release/day",
    ])
    assert cli.error_summary(log) == ["RuntimeError: no end solution statement found"]
    generic_only = "[GenerateAssignmentApp | ERROR] There was an error processing assignment: day"
    assert cli.error_summary(generic_only) == ["There was an error processing assignment: day"]
    assert cli.error_summary("[GenerateAssignmentApp | INFO] fine") == []


# --- commands ------------------------------------------------------------------------------------

def test_the_parser_has_every_command():
    parser = cli.build_parser()
    assert [c.name for c in cli.COMMANDS] == ["days", "validate", "release", "answers"]
    assert parser.parse_args(["release", "day01", "day02"]).days == ["day01", "day02"]
    assert parser.parse_args(["answers", "day03", "--force"]).force
    with pytest.raises(SystemExit):
        parser.parse_args([])


def test_days_lists_exercises_and_points(course, capsys):
    status, out, _ = run(capsys, "--root", str(course.path), "days")
    assert status == 0
    assert out.split() == ("day90_demo 2 exercises (5 points), 1 written answer (1 point), "
                           "6 points in all").split()


def test_validate_passes_a_good_day(course, capsys):
    status, out, _ = run(capsys, "--root", str(course.path), "validate")
    assert status == 0 and out.startswith("day90_demo: ok, 2 exercises")


def test_validate_lists_problems_per_day_and_fails(course, capsys, demo_notebook):
    demo_notebook["cells"][3]["metadata"]["nbgrader"]["grade_id"] = "cell-0123456789abcdef"
    course.add_day("day91_broken", demo_notebook)
    status, out, _ = run(capsys, "--root", str(course.path), "validate")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("day90_demo: ok")
    assert lines[1] == "day91_broken: 1 problem"
    assert lines[2].startswith("  - day91_broken.ipynb: cell 4 ('cell-0123456789abcdef'): grade_id")
    assert lines[3] == "1 of 2 days have problems"


def test_validate_of_an_unknown_day_exits_2(course, capsys):
    status, _, err = run(capsys, "--root", str(course.path), "validate", "day14")
    assert status == 2 and err.startswith("coursekit: 'day14' is not a day in source/")


def test_the_console_script_finds_the_course_from_a_subfolder(course, tool_env):
    script = Path(sys.executable).parent / "coursekit"
    result = subprocess.run([str(script), "days"], cwd=course.path / "source", env=tool_env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("day90_demo")


def test_release_generates_strips_and_reports_each_day(course_root_factory, capsys,
                                                       demo_notebook):
    """One `coursekit release` run with the real nbgrader: a good day released (its session data
    stripped), a broken day reported with nbgrader's reason, a release folder without a source day
    removed."""
    course = course_root_factory()
    broken = copy.deepcopy(demo_notebook)
    broken["cells"][2]["source"] = "def square(x):\n    ### BEGIN SOLUTION\n    return x ** 2"
    course.add_day("day91_broken", broken)
    demo_notebook["metadata"]["widgets"] = {"state": {}}
    course.add_day("day90_demo", demo_notebook)
    (course.path / "release" / "day80_gone").mkdir(parents=True)

    status, out, _ = run(capsys, "--root", str(course.path), "release")

    assert status == 1
    assert out.splitlines() == [
        "day90_demo: released release/day90_demo/day90_demo.ipynb; removed outputs/session data "
        "from 1",
        "day91_broken: FAILED: `nbgrader generate_assignment day91_broken --force` failed (exit 1): "
        "No end solution statement found.; RuntimeError: no end solution statement found",
        "day80_gone: removed release/day80_gone (no such day in source/)",
        "1 of 2 days failed; run `nbgrader generate_assignment <day> --force` in the course folder "
        "for the full log"]
    assert sorted(p.name for p in (course.path / "release").iterdir()) == ["day90_demo"]

    released = notebooks.load(course.path / "release" / "day90_demo" / "day90_demo.ipynb")
    assert "widgets" not in released["metadata"]
    answer, tests, written = (released["cells"][i] for i in (2, 3, 8))
    assert notebooks.source_of(answer) == ('def square(x):\n    """x: any shape -> x**2, same '
                                           'shape."""\n    # YOUR CODE HERE\n'
                                           '    raise NotImplementedError()')
    assert notebooks.source_of(tests) == "assert square(3) == 9"
    assert notebooks.source_of(written) == "YOUR ANSWER HERE"
