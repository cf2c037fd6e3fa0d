"""Is the student's install free of the answer key? Build it, install it, and try.

    python -m coursekit.grading.keyfree [--repo DIR] [--keep DIR] [--write tests/known_leaks.py]

`build_student_install` builds the student distribution from the repository and installs it,
without its dependencies, into a fresh virtual environment (numpy and the rest come from this
environment's site-packages as a plain path, so this install's own `coursekit` is not seen).
`audit` hands every check's hidden cases, as data, to `keyprobe` running in that environment, which
tries every function and class of the student install as every exercise's answer; the records come
back as evidence and are judged here, with the reference, as the grader judges a submission. A
`Leak` is a definition of the student install that passes an exercise's hidden checks; a check
whose hidden cases the student install can produce itself is listed too.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import course_checks, evidence, standins
from ..checks.classes import ClassCheck, DrivenCheck
from ..checks.core import FunctionCheck
from ..notebooks import grader_meta, load, source_of
from . import keyprobe
from .layout import CheckCall
from .verify import judge_bundle
from .warm import sweep

PROBE_SECONDS = 1200


@dataclass(frozen=True)
class Leak:
    """`candidate` (a qualified name in the student install) passes the hidden cases of `check`."""

    candidate: str
    check: str


@dataclass
class Audit:
    """What the probe found: leaks, checks whose hidden cases the install reproduces
    ({check: (reproduced, of)}), modules that did not import, given cells that failed, and how
    many tries it made."""

    leaks: list = field(default_factory=list)
    hidden_reproduced: dict = field(default_factory=dict)
    broken_modules: list = field(default_factory=list)
    broken_given: list = field(default_factory=list)
    candidates: int = 0
    tried: int = 0


def kind_of(check: FunctionCheck) -> str:
    """"class" for the checks that take a class, else "function"."""
    takes_class = isinstance(check, ClassCheck) or (isinstance(check, DrivenCheck)
                                                    and check.kind == "class")
    return "class" if takes_class else "function"


def encoded_cases(check: FunctionCheck) -> list:
    """The check's hidden cases as data: label, args and kwargs, evidence-encoded."""
    return [{"label": case.label, "args": evidence.encode(list(case.args)),
             "kwargs": evidence.encode(case.kwargs)["$dict"]}
            for case in check.cases(hidden=True)]


def build_student_install(repo: Path, workdir: Path) -> Path:
    """Build the student distribution of `repo` into `workdir`, install it into a fresh virtual
    environment there, and return that environment's python."""
    wheels, venv = workdir / "wheels", workdir / "student-venv"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
          "-w", str(wheels), str(repo)])
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    wheel, = wheels.glob("coursekit-*.whl")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
          str(wheel)])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                     ).strip())
    # A path in a .pth file is put on sys.path without reading that folder's own .pth files, so
    # this environment's editable install of coursekit stays out.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def _run(command: list) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def given_cells(repo: Path) -> list:
    """What a student runs before answering, where a check needs it: for every recap cell of the
    released notebooks, the source of its notebook's first code cell (the imports) and its own
    (it registers the recap's definitions with the checks, as those of days 2 and 13 do)."""
    given = []
    for notebook in sorted((repo / "release").glob("*/*.ipynb")):
        code = [c for c in load(notebook)["cells"] if c.get("cell_type") == "code"]
        given += [source_of(code[0]) + "\n" + source_of(c) for c in code
                  if grader_meta(c).get("grade_id", "").endswith("recap")]
    return given


def audit(python: Path, workdir: Path, given: list = ()) -> Audit:
    """Try the student install of `python` as every exercise's answer, after running the `given`
    cells' sources there (see `given_cells`); judge here."""
    checks = course_checks()
    request = {"checks": [{"suite": c.suite, "name": c.name, "kind": kind_of(c),
                           "cases": encoded_cases(c)} for c in checks.values()],
               "stand_ins": {f"{c.suite}.{c.name}": standins.record(c, c.cases(hidden=True))
                             for c in checks.values() if c.stand_ins},
               "given": list(given)}
    request_path, result_path = workdir / "request.json", workdir / "result.json"
    request_path.write_text(json.dumps(request))
    scratch = workdir / "scratch"
    scratch.mkdir(exist_ok=True)
    with open(workdir / "probe.err", "w+") as errors:
        done = subprocess.run([str(python), "-I", keyprobe.__file__, str(request_path),
                               str(result_path)], cwd=scratch, stdin=subprocess.DEVNULL,
                              env={**_quiet_env(), "HOME": str(scratch)},
                              stdout=subprocess.DEVNULL, stderr=errors, timeout=PROBE_SECONDS)
        sweep()  # the probe calls warm.new_folder too, which makes a server folder in /tmp
        if done.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"the probe failed ({done.returncode}):\n{errors.read()[-3000:]}")
    result = json.loads(result_path.read_text())
    found = Audit(broken_modules=result["broken_modules"], broken_given=result["broken_given"],
                  candidates=len(result["candidates"]), tried=result["tried"])
    for run in result["runs"]:
        problem, _ = judge_bundle(CheckCall(checks[run["check"]], True),
                                  {"records": run["records"]})
        if problem is None:
            found.leaks.append(Leak(run["candidate"], run["check"]))
    for key, produced in result["hidden_cases_produced"].items():
        ours = [{"args": c["args"], "kwargs": {"$dict": c["kwargs"]}}
                for c in request["checks"][list(checks).index(key)]["cases"]]
        same = sum(1 for case in ours if case in produced)
        if same:
            found.hidden_reproduced[key] = (same, len(ours))
    return found


def _quiet_env() -> dict:
    """The environment of the probe: no display, one BLAS thread, no grading mode."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TMPDIR")}
    return {**keep, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def report(found: Audit) -> str:
    """The audit as text: one line a leak, one line a check with reproducible hidden cases."""
    lines = [f"{found.candidates} definitions in the student install, {found.tried} tried as "
             f"answers: {len(found.leaks)} pass an exercise's hidden checks; the hidden cases of "
             f"{len(found.hidden_reproduced)} checks can be produced from it."]
    lines += [f"  answers {leak.check}: {leak.candidate}" for leak in found.leaks]
    lines += [f"  hidden cases of {key}: {same} of {total} produced"
              for key, (same, total) in found.hidden_reproduced.items()]
    lines += [f"  did not import: {module}" for module in found.broken_modules]
    lines += [f"  a given cell failed: {error}" for error in found.broken_given]
    return "\n".join(lines)


KNOWN_LEAKS_HEADER = '''"""What the student install still holds of the answer key (issue 10), as found by
coursekit.grading.keyfree: tests/test_student_install.py fails when the audit finds a leak
not listed here, and when one listed here is gone. Written by
`python -m coursekit.grading.keyfree --write tests/known_leaks.py`, never by hand: both lists
only shrink, as the answer key and the hidden cases move to the instructor's install."""
'''


def known_leaks(found: Audit) -> str:
    """The text of tests/known_leaks.py for this audit: ANSWERS (check -> the definitions that
    pass its hidden cases) and HIDDEN_CASES (checks whose hidden cases the install produces)."""
    answers: dict = {}
    for leak in found.leaks:
        answers.setdefault(leak.check, set()).add(leak.candidate)
    lines = [KNOWN_LEAKS_HEADER, "# check -> the definitions of the student install that pass "
             "its hidden cases", "ANSWERS = {"]
    for check in sorted(answers):
        lines += [f"    {json.dumps(check)}: ["]
        lines += [f"        {json.dumps(c)}," for c in sorted(answers[check])]
        lines.append("    ],")
    lines += ["}", "", "# checks whose hidden cases can be produced from the student install",
              "HIDDEN_CASES = ["]
    lines += [f"    {json.dumps(key)}," for key in sorted(found.hidden_reproduced)]
    return "\n".join(lines + ["]", ""])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--keep", type=Path, help="build and keep the install in this folder")
    parser.add_argument("--write", type=Path, help="write the audit as known leaks to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        found = audit(build_student_install(args.repo, workdir), workdir, given_cells(args.repo))
    print(report(found))
    if args.write:
        args.write.write_text(known_leaks(found))
    return 1 if found.leaks or found.hidden_reproduced else 0


if __name__ == "__main__":
    sys.exit(main())
