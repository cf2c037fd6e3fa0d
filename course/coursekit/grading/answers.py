"""`coursekit answers DAY`: after the deadline, the day's worked answers for the students.

Writes autograder/answers/<day>/<day>.ipynb, the source notebook as `notebooks.answer_key` makes
it: every solution and model answer in place, the hidden tests replaced by a comment, no nbgrader
metadata, so students can open it and run its visible tests. Hand it out through the exchange or
your LMS. Until the day's due date in the gradebook has passed (`nbgrader db assignment add DAY
--duedate "2026-12-01 17:00 UTC"` sets it), the command refuses, so the answers do not reach a
student who may still submit; `--force` overrides (e.g. no due date was set).
"""
from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Optional

from .. import notebooks
from ..course import SOURCE, CourseError, select_days

ANSWERS = Path("autograder") / "answers"


def due_date(root: Path, day: str) -> Optional[datetime.datetime]:
    """The day's due date in the gradebook (naive, UTC, as nbgrader stores it), or None."""
    from nbgrader.api import Gradebook, MissingEntry

    from .parallel import load_config

    settings = load_config(root).CourseDirectory
    with Gradebook(settings.db_url, settings.course_id) as gradebook:
        try:
            return gradebook.find_assignment(day).duedate
        except MissingEntry:
            return None


def release_answers(root: Path, day: str, force: bool = False,
                    now: Optional[datetime.datetime] = None) -> Path:
    """Write the answer notebook of `day`; CourseError before its due date unless `force`."""
    if not force:
        due = due_date(root, day)
        now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        if due is None:
            raise CourseError(f"{day} has no due date in the gradebook, so its answers could "
                              "reach a student who may still submit: set one with `nbgrader db "
                              f"assignment add {day} --duedate ...`, or pass --force.")
        if now < due:
            raise CourseError(f"{day} is due {due:%Y-%m-%d %H:%M} UTC; its answers are released "
                              "after that (or pass --force).")
    nb = notebooks.answer_key(notebooks.day_notebook(root / SOURCE / day))
    target = notebooks.day_notebook(root / ANSWERS / day)
    target.parent.mkdir(parents=True, exist_ok=True)
    notebooks.save(nb, target)
    return target


def run_answers(args: argparse.Namespace, root: Path) -> int:
    days = select_days(root, args.days)
    if len(days) != 1:
        raise CourseError("name exactly one day, e.g. `coursekit answers day03`")
    target = release_answers(root, days[0], force=args.force)
    print(f"{days[0]}: answers in {target.relative_to(root)}; share that notebook with your "
          "students")
    return 0


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("days", nargs=1, metavar="day", help="the day (name or unique prefix)")
    parser.add_argument("--force", action="store_true",
                        help="release even before the due date or without one")
