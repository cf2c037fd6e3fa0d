"""The answer key of the course: what only the instructor and the grader hold.

`coursekit_key.hidden.<topic>` gives the hidden cases of the checks in `coursekit.checks.<topic>`
as `CASES = {check name: function returning the cases}` (see `coursekit.checks.hidden`).
"""
