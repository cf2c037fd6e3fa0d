"""Hidden cases, one module per topic of coursekit.checks."""
