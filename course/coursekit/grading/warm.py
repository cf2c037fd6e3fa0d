"""Warm grading kernels: each grading process keeps one fork server (`zygote`) in the sandbox,
started once with numpy, IPython, ipykernel, matplotlib and coursekit imported, and every
submission's kernel is a fresh process forked from it in namespaces of its own. A submission then
costs its own cells, not an interpreter's start and a second of imports.

`WarmProvisioner` is a jupyter_client kernel provisioner (registered under the entry point
`coursekit-warm`): jupyter_client's kernel manager writes the connection file and talks to the
kernel as usual; only the launch goes to the server instead of `subprocess.Popen`, and the
process it gets back (`WarmKernel`) polls and signals through the server.
"""
from __future__ import annotations

import asyncio
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from typing import Optional

from jupyter_client.provisioning import LocalProvisioner

from .sandbox import KERNEL_MODULE, SYSTEM_DIRS, KernelBox, Sandbox, python_paths

PROVISIONER = "coursekit-warm"
ZYGOTE_MODULE = "coursekit.grading.zygote"
START_SECONDS = 120


class ZygoteError(RuntimeError):
    """The fork server could not start or refused a request (`repeated`: it failed to start
    before in this process, with the same settings, and was not tried again)."""

    def __init__(self, message: str, repeated: bool = False):
        super().__init__(message)
        self.repeated = repeated


class Zygote:
    """One grading process's fork server, and the folder its kernels' runtime folders live in."""

    _running: dict = {}
    _failed: dict = {}

    @classmethod
    def for_sandbox(cls, sandbox: Sandbox) -> "Zygote":
        """This process's server for these sandbox settings, started on first use (a forked
        grading worker starts its own); ZygoteError if it cannot start."""
        key = (os.getpid(), sandbox.bwrap, sandbox.tmp_mb, tuple(sandbox.read_only_paths),
               sandbox.render_figures)
        if key in cls._failed:
            raise ZygoteError(cls._failed[key], repeated=True)
        server = cls._running.get(key)
        if server is None or server.process.poll() is not None:
            try:
                server = cls._running[key] = cls(sandbox)
            except ZygoteError as error:
                cls._failed[key] = str(error)
                raise
        return server

    @classmethod
    def stop_all(cls) -> None:
        """Stop this process's servers and remove their folders: for a process about to end
        with os._exit (a forked grading worker), which runs no finalizer."""
        for key, server in list(cls._running.items()):
            if key[0] == os.getpid():
                server.stop()
                del cls._running[key]

    def __init__(self, sandbox: Sandbox):
        if not isinstance(sandbox, Sandbox):
            raise TypeError(f"a fork server needs the Sandbox settings, not {sandbox!r:.40}")
        self.folder = new_folder()
        os.chmod(self.folder, 0o755)
        self.lock = threading.Lock()
        box = KernelBox(sandbox, None, runtime=self.folder)
        config = {"system_dirs": list(SYSTEM_DIRS), "tmp_bytes": sandbox.tmp_mb * 2**20,
                  "read_only": python_paths() + list(sandbox.read_only_paths),
                  "switch_uid": box.uid is not None}
        argv = [sys.executable, "-m", ZYGOTE_MODULE, json.dumps(config)]
        with open(os.path.join(self.folder, "zygote.err"), "wb") as err:
            self.process = subprocess.Popen(box.command(argv, server=True), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=err, text=True)
        self.stop = weakref.finalize(self, _stop, self.process, self.folder, os.getpid())
        self._answer(START_SECONDS, "start")

    def request(self, **message) -> dict:
        with self.lock:
            try:
                self.process.stdin.write(json.dumps(message) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError) as error:
                raise ZygoteError(f"the kernel fork server has stopped: {self.stderr()}") from error
            return self._answer(30, message["op"])

    def _answer(self, seconds: float, what: str) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        line = self.process.stdout.readline() if ready else ""
        answer = json.loads(line) if line.strip() else {"error": "no answer"}
        if "error" in answer:
            raise ZygoteError(f"the kernel fork server failed to {what}: {answer['error']}\n"
                              f"{self.stderr()}")
        return answer

    def stderr(self, limit: int = 2000) -> str:
        try:
            with open(os.path.join(self.folder, "zygote.err"), "rb") as f:
                return f.read()[-limit:].decode("utf-8", "replace")
        except OSError:
            return ""

    def spawn(self, box: KernelBox, arguments: list) -> "WarmKernel":
        answer = self.request(op="spawn", runtime=box.runtime, work=box.work,
                              workdir=box.workdir, uid=box.uid, argv=arguments)
        return WarmKernel(self, answer["id"])


def new_folder(parent: str = "/tmp") -> str:
    """A new server folder, ckz-<this process's pid>-<random>, made after `sweep`."""
    sweep(parent)
    return tempfile.mkdtemp(prefix=f"ckz-{os.getpid()}-", dir=parent)


def sweep(parent: str = "/tmp") -> None:
    """Remove the server folders whose owner has died: a grading process killed by SIGKILL (a
    Dask worker stopped by its nanny, the OOM killer) runs no finalizer, and its server ends with
    it but leaves the folder. Run by every new server, at the end of `coursekit grade`, and after
the key-free audit's probe (which calls new_folder as it calls every function)."""
    for name in os.listdir(parent):
        owner = name.split("-")[1] if name.startswith("ckz-") and name.count("-") >= 2 else ""
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stop(process: subprocess.Popen, folder: str, owner: int) -> None:
    """Closing its stdin ends the server; the sandbox ends with it. (Not in a forked child,
    whose parent still uses it.)"""
    if os.getpid() != owner:
        return
    try:
        process.stdin.close()
        process.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


PEAKS_MB: list = []  # the peak resident memory of each warm kernel this process ran, in MiB


class WarmKernel:
    """The part of subprocess.Popen that jupyter_client uses, for a kernel the server forked."""

    stdin = stdout = stderr = None

    def __init__(self, server: Zygote, number: int):
        self.server, self.pid, self.returncode = server, number, None

    def poll(self) -> Optional[int]:
        if self.returncode is None:
            try:
                answer = self.server.request(op="poll", id=self.pid)
            except ZygoteError:
                answer = {"status": -9}  # the server and every kernel in its sandbox are gone
            self.returncode = answer["status"]
            if self.returncode is not None and "peak_mb" in answer:
                PEAKS_MB.append(answer["peak_mb"])
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("warm kernel", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            self.server.request(op="signal", id=self.pid, signum=int(signum))

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """Launches the kernel by asking this process's fork server, for a SandboxKernelManager."""

    async def launch_kernel(self, cmd: list, **kwargs):
        prefix = [sys.executable, "-m", KERNEL_MODULE]
        if cmd[:3] != prefix:
            raise ZygoteError(f"a warm kernel runs {KERNEL_MODULE}, not {cmd[:3]}")
        manager = self.parent
        server = Zygote.for_sandbox(manager.sandbox)
        self.process = server.spawn(manager.box, cmd[3:])
        self.pid, self.pgid = self.process.pid, None
        self.cwd = kwargs.get("cwd")
        await self._sockets_bound()
        return self.connection_info

    async def _sockets_bound(self) -> None:
        """Wait until the kernel has bound its sockets (or has died): a client that connects
        sooner retries only after ZeroMQ's 100 ms reconnection interval."""
        info = self.connection_info
        if info.get("transport") != "ipc":
            return
        paths = [f"{info['ip']}-{info[name]}" for name in
                 ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
        deadline = time.monotonic() + START_SECONDS
        while not all(os.path.exists(p) for p in paths) and self.process.poll() is None \
                and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
