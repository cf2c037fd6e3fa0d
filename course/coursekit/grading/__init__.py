"""The hardened autograder: nbgrader preprocessors and the `coursekit grade` workflow.

    sandbox     the bubblewrap sandbox and the kernel manager that starts grading kernels in it
    kernel      the grading kernel itself (limits, evidence recorder armed)
    execute     SandboxedExecute: nbgrader's Execute in the sandbox, with output and time caps
    layout      what the instructor's notebook asks for, from trusted sources only
    verify      VerifyEvidence: test-cell verdicts decided in the grader's process
    integrity   IntegrityCheck: answers that reach for the reference or the grader, flagged
    reader      TolerantNotebookExporter: unreadable submissions become empty ones, not crashes
    feedback    RedactFeedback: feedback HTML without hidden tests, solutions or their tracebacks
    answers     `coursekit answers`: a day's worked answers for students, after its due date
    parallel    grading students in parallel worker processes, resumable
    cli         the `coursekit grade / collect / feedback / export` commands

autograder/README.md is the instructor's guide and states the threat model.
"""
