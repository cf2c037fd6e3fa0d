"""Reference answers of the course's exercises (see coursekit.checks.hidden): one module per
topic of coursekit.checks, each with `REFERENCES = {check name: what the check's reference would
hold}` (a function, a class, or a driver bound to one)."""
