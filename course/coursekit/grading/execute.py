"""SandboxedExecute: nbgrader's Execute step, run in the sandbox, with output and time caps.

Differences from nbgrader's `Execute`:

- kernels start through `SandboxKernelManager` (refusing to start if the machine cannot sandbox,
  unless unsafe grading was allowed);
- the notebook as a whole has a wall-clock budget (`Sandbox.wall_seconds_per_notebook`); each
  cell's timeout (nbclient's `timeout_func`) is the smaller of `Execute.timeout` and what is left
  of it;
- when the kernel dies (memory, CPU or process limit, `os._exit`, `exit()`), the cell that was
  running gets an error saying so and the cells after it are marked as not run, instead of the
  whole submission failing to grade. The same happens once the notebook's time is up;
- output is capped as it arrives: per cell (`max_cell_output`) and per notebook
  (`max_notebook_output`), in bytes, so that a cell printing 100 MB leaves a note, not 100 MB in
  the grader's memory and the autograded notebook. Evidence has its own, larger budget, so that
  a chatty honest notebook does not lose its test results.

It overrides only public methods of nbclient's NotebookClient (`preprocess_cell`, `output`,
`process_message`, `handle_comm_msg`) and sets its public `timeout_func`.
"""
from __future__ import annotations

import time
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import Execute
from traitlets import Integer

from ..checks import evidence
from .sandbox import Sandbox, SandboxKernelManager
from .verify import grader_error

NOT_RUN = "NotRun"
KERNEL_DIED = "KernelDied"
STUCK = "CellStuck"


class SandboxedExecute(Execute):
    """Execute a submission in the grading sandbox."""

    max_cell_output = Integer(2 * 2**20, help="Bytes of output kept per cell.").tag(config=True)
    max_notebook_output = Integer(16 * 2**20, help="Bytes of output kept per notebook.").tag(config=True)
    max_evidence = Integer(64 * 2**20, help="Bytes of evidence kept per notebook.").tag(config=True)

    def __init__(self, **kwargs: Any):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(**kwargs)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km=None) -> tuple:
        sandbox = Sandbox(parent=self)
        sandbox.check()  # refuse before any student code runs
        self._deadline = time.monotonic() + sandbox.wall_seconds_per_notebook
        self.timeout_func = self.cell_timeout
        self._stopped = None
        self._notebook_bytes = self._evidence_bytes = 0
        self._cell_bytes: dict = {}
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple:
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped is None and time.monotonic() >= self._deadline:
            self._stopped = ("The notebook used up its time limit before this cell, so it was not "
                             "run.")
        if self._stopped is not None:
            _replace_outputs(cell, grader_error(NOT_RUN, self._stopped))
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            cell.outputs.append(grader_error(KERNEL_DIED, self._death_message()))
            self._stopped = ("The kernel stopped in an earlier cell, so this cell was not run "
                             "(see the first cell marked KernelDied).")
            return cell, resources
        except CellTimeoutError:  # still busy after the timeout and the interrupt
            cell.outputs.append(grader_error(STUCK, (
                f"This cell ran longer than its time limit ({self.cell_timeout(cell)} s or less) "
                "and did not stop when interrupted. The cells after it were not run.")))
            self._stopped = ("An earlier cell did not stop when interrupted, so this cell was "
                             "not run (see the cell marked CellStuck).")
            return cell, resources

    def _death_message(self) -> str:
        sandbox = Sandbox(parent=self)
        return (f"The kernel stopped while running this cell. It may have used more than "
                f"{sandbox.memory_mb} MB of memory, {sandbox.cpu_seconds_per_cell} s of CPU time, "
                f"or {sandbox.max_processes} processes, or the code ended the process "
                "(os._exit, exit()). The cells after it were not run.")

    def cell_timeout(self, cell: Any) -> int:
        """Seconds `cell` may run: `Execute.timeout`, at most what is left of the notebook's."""
        left = max(1, int(self._deadline - time.monotonic()))
        return left if not self.timeout or self.timeout < 0 else min(self.timeout, left)

    # --- output caps -----------------------------------------------------------------------------

    def output(self, outs: list, msg: dict, display_id: Any, cell_index: int) -> Any:
        size = _size(msg.get("content", {}))
        if _is_evidence_msg(msg):
            if self._evidence_bytes + size > self.max_evidence:
                return self._truncated(outs, cell_index, "test results")
            self._evidence_bytes += size
            return super().output(outs, msg, display_id, cell_index)
        used = self._cell_bytes.get(cell_index, 0)
        if used + size > self.max_cell_output or \
                self._notebook_bytes + size > self.max_notebook_output:
            return self._truncated(outs, cell_index, "output")
        self._cell_bytes[cell_index] = used + size
        self._notebook_bytes += size
        return super().output(outs, msg, display_id, cell_index)

    def _truncated(self, outs: list, cell_index: int, what: str) -> None:
        if self._cell_bytes.get(cell_index, 0) >= 0:
            self._cell_bytes[cell_index] = -1  # note it once per cell
            outs.append(from_dict({"output_type": "stream", "name": "stdout",
                                   "text": f"\n[grader: further {what} of this cell was dropped: "
                                           "it exceeded the output limit]\n"}))
        return None

    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int) -> Any:
        """An oversized message that names a display id would rewrite earlier outputs with it:
        an update is dropped, a new display keeps no id (so `output` caps it like any other)."""
        content = msg.get("content", {})
        if (content.get("transient") or {}).get("display_id") and \
                _size(content) > self.max_cell_output:
            if msg.get("msg_type") == "update_display_data":
                return None
            msg = {**msg, "content": {**content, "transient": {}}}
        return super().process_message(msg, cell, cell_index)

    def handle_comm_msg(self, outs: list, msg: dict, cell_index: int) -> None:
        if _size(msg.get("content", {})) <= self.max_cell_output:
            super().handle_comm_msg(outs, msg, cell_index)


def _replace_outputs(cell: NotebookNode, output: NotebookNode) -> None:
    cell.outputs = [output]
    cell.execution_count = None


def _is_evidence_msg(msg: dict) -> bool:
    data = msg.get("content", {}).get("data")
    return isinstance(data, dict) and evidence.MIME in data


def _size(value: Any, depth: int = 0) -> int:
    """Roughly how many bytes `value` takes in the notebook, without serialising it."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if depth > 40:
        return 0
    if isinstance(value, dict):
        return sum(len(str(k)) + _size(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(_size(v, depth + 1) for v in value) + len(value)
    return 8
