"""SandboxKernelManager's own housekeeping, which the hostile suite does not look at: a kernel
started cold (not forked by the warm server) writes its stderr to the runtime folder's
kernel.err, and the grading process keeps no handle on that file once the kernel runs."""
from __future__ import annotations

import asyncio
import os

import pytest
from traitlets.config import Config

from coursekit.grading.sandbox import Sandbox, SandboxKernelManager

needs_sandbox = pytest.mark.skipif(Sandbox().problem() is not None,
                                   reason=f"cannot sandbox here: {Sandbox().problem()}")


def _open_files() -> list:
    """The paths this process holds open."""
    folder = "/proc/self/fd"
    paths = []
    for fd in os.listdir(folder):
        try:
            paths.append(os.readlink(os.path.join(folder, fd)))
        except OSError:  # the descriptor listdir itself used
            pass
    return paths


async def _open_while_running(manager: SandboxKernelManager) -> list:
    await manager.start_kernel()
    try:
        return [path for path in _open_files() if path.endswith("kernel.err")]
    finally:
        await manager.shutdown_kernel(now=True)


@needs_sandbox
def test_a_cold_kernel_leaves_no_handle_on_its_stderr_file_in_the_grader():
    manager = SandboxKernelManager(config=Config({"Sandbox": {"warm_kernels": False}}))
    assert not manager.warm
    assert asyncio.run(_open_while_running(manager)) == []
    assert manager._stderr_file is None
