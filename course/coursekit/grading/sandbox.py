"""The sandbox a grading kernel runs in, and the kernel manager that starts kernels inside it.

Each kernel runs under bubblewrap (`bwrap`) with:

- no network: a new network namespace holding only a loopback device;
- a filesystem of its own: the system (/usr), Python and the venv read-only, a private /tmp of
  `tmp_mb`, and, writable, a private copy of the notebook's working folder, mounted where the
  folder is, without its notebooks (the one being graded holds the hidden tests). Nothing else of
  the course is there: not source/, not the gradebook, not the other submissions. What the kernel
  writes is discarded with the copy;
- its own PID, IPC and UTS namespaces, so it sees and signals no other process, and it dies with
  the grader;
- resource limits set by `coursekit.grading.kernel` before the kernel starts: address space
  (memory), CPU seconds per cell and per notebook, file size, and processes. A process limit
  binds only an unprivileged user, so when the grader runs as root each kernel runs as its own
  unused uid (from `uid_base`), switched to with `setpriv` inside the sandbox.

The kernel talks to the grader over Unix sockets in a private runtime folder (TCP would need the
network namespace the kernel does not share). Interrupts go as messages, not signals.

With `warm_kernels` (the default) the sandbox above holds a fork server started once per grading
process, and each kernel is a fork of it in namespaces of its own (see `warm` and `zygote`);
otherwise each kernel is a new interpreter in a new sandbox.

If bwrap is missing or namespaces are not allowed, `Sandbox.check()` raises SandboxUnavailable
unless `allow_unsafe` is set (`coursekit grade --unsafe`, or
`nbgrader autograde ... --Sandbox.allow_unsafe=True`); then kernels run with the limits but
without the isolation.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, List, Unicode
from traitlets.config import LoggingConfigurable

KERNEL_MODULE = "coursekit.grading.kernel"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/passwd",
                "/etc/group", "/etc/mime.types")


# Set for every grading kernel, sandboxed or not: evidence on, one BLAS thread per kernel, and
# no warning from ipykernel's debugger about frozen modules in what a dying kernel leaves.
GRADING_ENVIRONMENT = {"COURSEKIT_GRADING": "1", "OPENBLAS_NUM_THREADS": "1",
                      "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                      "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


class SandboxUnavailable(RuntimeError):
    """This machine cannot isolate grading kernels, and unsafe grading was not allowed."""


class Sandbox(LoggingConfigurable):
    """Limits and isolation of grading kernels (configurable as c.Sandbox.<name>)."""

    memory_mb = Integer(2048, help="Address-space limit of a kernel (RLIMIT_AS), in MiB.").tag(config=True)
    cpu_seconds_per_cell = Integer(60, help="CPU seconds one cell may use.").tag(config=True)
    cpu_seconds_per_notebook = Integer(300, help="CPU seconds a whole notebook may use.").tag(config=True)
    wall_seconds_per_notebook = Integer(
        600, help="Wall-clock seconds a whole notebook may take (each cell also has "
                  "Execute.timeout).").tag(config=True)
    max_processes = Integer(64, help="Processes and threads a kernel may have.").tag(config=True)
    max_file_mb = Integer(64, help="Largest file a kernel may write, in MiB.").tag(config=True)
    tmp_mb = Integer(256, help="Size of the kernel's private /tmp, in MiB.").tag(config=True)
    uid_base = Integer(200_000, help="First uid used for kernels when grading as root.").tag(config=True)
    allow_unsafe = Bool(False, help="Grade without isolation when this machine cannot sandbox.").tag(config=True)
    read_only_paths = List(Unicode(), help="Extra folders the kernel may read (e.g. a site "
                                           "package outside the venv).").tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    warm_kernels = Bool(True, help="Fork each kernel from a server that each grading process "
                                   "starts once in the sandbox, with the imports done (see "
                                   "coursekit.grading.warm); off, every kernel is a new "
                                   "interpreter in a new sandbox.").tag(config=True)
    render_figures = Bool(False, help="Draw matplotlib figures into the graded notebooks (and so "
                                      "the feedback). Off, kernels use the non-interactive Agg "
                                      "backend: nothing is drawn, grading takes about a quarter "
                                      "less CPU, and no verdict changes.").tag(config=True)

    _probed: dict = {}

    # --- can this machine sandbox? -----------------------------------------------------------------

    def problem(self) -> Optional[str]:
        """Why kernels cannot be sandboxed here, or None if they can (probed once per process)."""
        key = (self.bwrap, os.geteuid())
        if key not in Sandbox._probed:
            Sandbox._probed[key] = self._probe()
        return Sandbox._probed[key]

    def _probe(self) -> Optional[str]:
        if shutil.which(self.bwrap) is None:
            return f"{self.bwrap} (bubblewrap) is not installed; run `make system-deps`"
        if os.geteuid() == 0 and not os.path.exists("/usr/bin/setpriv"):
            return "setpriv (util-linux) is needed to run kernels as an unprivileged user"
        with tempfile.TemporaryDirectory(prefix="ckg-probe-") as work:
            box = KernelBox(self, work)
            try:
                result = subprocess.run(box.command(["/bin/true"], python=False),
                                        capture_output=True, text=True, timeout=30)
            finally:
                box.release()
        if result.returncode != 0:
            return f"bubblewrap cannot create namespaces here: {result.stderr.strip()[-300:]}"
        return None

    def check(self) -> bool:
        """True if kernels will be sandboxed; False if unsafe grading was allowed instead;
        SandboxUnavailable otherwise."""
        problem = self.problem()
        if problem is None:
            return True
        if self.allow_unsafe:
            self.log.warning("GRADING WITHOUT A SANDBOX (--unsafe): %s", problem)
            return False
        raise SandboxUnavailable(
            f"cannot sandbox grading kernels: {problem}. Grading refuses to run student code "
            "unsandboxed; pass --unsafe to `coursekit grade` (or "
            "--Sandbox.allow_unsafe=True to nbgrader) to grade anyway.")

    def kernel_uid(self) -> Optional[int]:
        """The uid a kernel runs as when the grader is root (one per grading process, so that
        parallel graders do not share a process limit); None otherwise."""
        return self.uid_base + os.getpid() % 100_000 if os.geteuid() == 0 else None

    def process_limit(self) -> int:
        """RLIMIT_NPROC for a kernel. It counts every process of the kernel's real user: for a
        non-root grader that user is the instructor, so their running processes are added."""
        if os.geteuid() == 0:
            return self.max_processes
        mine = sum(1 for p in Path("/proc").iterdir() if p.name.isdigit() and _owned(p))
        return mine + self.max_processes

    def environment(self) -> dict:
        """Variables every grading kernel gets, sandboxed or not."""
        return {**GRADING_ENVIRONMENT, **({} if self.render_figures else {"MPLBACKEND": "agg"})}

    def kernel_argv(self, connection_file: str, extra: list) -> list:
        """The Python command that starts the limited kernel."""
        return [sys.executable, "-m", KERNEL_MODULE,
                f"--memory-mb={self.memory_mb}", f"--cpu-cell={self.cpu_seconds_per_cell}",
                f"--cpu-notebook={self.cpu_seconds_per_notebook}",
                f"--processes={self.process_limit()}", f"--file-mb={self.max_file_mb}",
                "-f", connection_file, *extra]


def _owned(proc: Path) -> bool:
    try:
        return proc.stat().st_uid == os.getuid()
    except OSError:
        return False


class KernelBox:
    """One kernel's sandbox: its runtime folder (connection file, sockets, the private copy of
    the working folder), its uid, and the bwrap command line. With no `workdir`, the sandbox of
    a warm kernels' fork server, whose runtime folder (`runtime`) holds its kernels' ones."""

    def __init__(self, sandbox: Sandbox, workdir: Optional[str], isolated: bool = True,
                 runtime: Optional[str] = None, parent: str = "/tmp"):
        self.sandbox = sandbox
        self.workdir = os.path.realpath(workdir) if workdir is not None else None
        self.uid = sandbox.kernel_uid() if isolated else None
        # Short path: Unix socket names are limited to about 100 bytes.
        self.runtime = runtime or tempfile.mkdtemp(prefix="ckg-", dir=parent)
        self.connection_file = os.path.join(self.runtime, "kernel.json")
        self.ipc_prefix = os.path.join(self.runtime, "ipc")
        self.work = os.path.join(self.runtime, "work")
        if self.workdir is not None:
            _copy_regular_files(self.workdir, self.work, skip_suffix=".ipynb")
            if self.uid is not None:
                _chown_tree(self.runtime, self.uid, self.uid)

    def give(self, path: str) -> None:
        """Let the kernel's user read a file the grader wrote (the connection file)."""
        if self.uid is not None:
            os.chown(path, self.uid, self.uid)

    def command(self, argv: list, python: bool = True, server: bool = False) -> list:
        """`argv` wrapped in bwrap. As root, bwrap runs privileged (so that it can bind folders
        only root may enter, such as a Python under /root) and the sandboxed command is started
        through setpriv as the kernel's uid, with no capabilities and no way to regain any.
        A fork `server` keeps what its kernels need to take their own namespaces: as root, the
        capabilities to switch uid and to signal its kernels; otherwise, the right to create
        user namespaces. Both get CAP_SYS_ADMIN to mount one /proc, dropped before serving."""
        if server:
            caps = ["CAP_SYS_ADMIN"] + (["CAP_SETUID", "CAP_SETGID", "CAP_KILL"]
                                        if self.uid is not None else [])
            caps = [arg for cap in caps for arg in ("--cap-add", cap)]
            caps += [] if self.uid is not None else ["--unshare-user"]
            return [self.sandbox.bwrap, *self._bwrap_args(python), *caps, "--", *argv]
        if self.uid is None:
            return [self.sandbox.bwrap, "--unshare-user", "--disable-userns",
                    *self._bwrap_args(python), "--", *argv]
        drop = ["/usr/bin/setpriv", f"--reuid={self.uid}", f"--regid={self.uid}",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
        return [self.sandbox.bwrap, *self._bwrap_args(python), "--cap-add", "CAP_SETUID",
                "--cap-add", "CAP_SETGID", "--", *drop, *argv]

    def _bwrap_args(self, python: bool) -> list:
        args = ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-net",
                "--unshare-cgroup-try", "--die-with-parent",
                "--hostname", "grader", "--proc", "/proc", "--dev", "/dev"]
        for path in SYSTEM_DIRS:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        for path in SYSTEM_FILES:
            args += ["--ro-bind-try", path, path]
        # The private /tmp comes first: bwrap mounts in order, so a tmpfs mounted after the binds
        # would hide a venv or course that lives under /tmp (as a CI clone may).
        args += ["--perms", "1777", "--size", str(self.sandbox.tmp_mb * 2**20), "--tmpfs", "/tmp"]
        made = {"/", "/tmp"}
        bound = python_paths() + list(self.sandbox.read_only_paths) if python else []
        for path in bound:
            args += _parents(path, made) + ["--ro-bind", path, path]
        for path in _answer_key_paths(bound):  # an empty folder over an installed answer key
            args += ["--tmpfs", path]
        font_cache = _font_cache() if python else None
        if font_cache:
            args += ["--perms", "1777", "--dir", "/tmp/mpl",
                     "--ro-bind", font_cache, f"/tmp/mpl/{os.path.basename(font_cache)}"]
        args += _parents(self.runtime, made) + ["--bind", self.runtime, self.runtime]
        if self.workdir is not None:
            args += _parents(self.workdir, made) + ["--bind", self.work, self.workdir]
        args += ["--chdir", self.workdir or self.runtime, "--clearenv"]
        for name, value in self._environment().items():
            args += ["--setenv", name, value]
        return args

    def _environment(self) -> dict:
        return {
            "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
            "HOME": "/tmp/home", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
            "IPYTHONDIR": "/tmp/ipython", "MPLCONFIGDIR": "/tmp/mpl",
            "JUPYTER_CONFIG_DIR": "/tmp/jupyter", "JUPYTER_DATA_DIR": "/tmp/jupyter/data",
            "JUPYTER_RUNTIME_DIR": "/tmp/jupyter/runtime", "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
            **self.sandbox.environment(),
        }

    def release(self) -> None:
        """Remove the runtime folder, the kernel's copy of the working folder with it."""
        shutil.rmtree(self.runtime, ignore_errors=True)


def _parents(path: str, made: set) -> list:
    """bwrap options creating the folders above a mount point, enterable by the kernel's user
    (privileged bwrap would otherwise make them 0700)."""
    args = []
    for parent in reversed(Path(path).parents):
        if str(parent) not in made and not any(str(parent).startswith(d) for d in SYSTEM_DIRS):
            made.add(str(parent))
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _chown_tree(top: str, uid: int, gid: int) -> None:
    for folder, dirs, files in os.walk(top):
        for name in [folder] + [os.path.join(folder, n) for n in dirs + files]:
            os.lchown(name, uid, gid)


def _copy_regular_files(source: str, target: str, skip_suffix: str) -> None:
    """Copy the folders and regular files under `source` to `target`: no links (a submission's
    link could point at the grader's files), no pipes, no files ending in `skip_suffix`."""
    os.makedirs(target, exist_ok=True)
    for folder, dirs, files in os.walk(source):
        here = os.path.join(target, os.path.relpath(folder, source))
        for name in dirs:
            if stat.S_ISDIR(os.lstat(os.path.join(folder, name)).st_mode):
                os.makedirs(os.path.join(here, name), exist_ok=True)
        for name in files:
            path = os.path.join(folder, name)
            if stat.S_ISREG(os.lstat(path).st_mode) and not name.endswith(skip_suffix):
                shutil.copy2(path, os.path.join(here, name), follow_symlinks=False)


def python_paths() -> list:
    """Folders the kernel's Python needs, outside /usr: the interpreter's installation, the venv,
    and the coursekit package itself (an editable install lives outside the venv): that folder
    only, not the folder holding it, so the answer key beside it (course/key) stays out."""
    import coursekit

    candidates = [os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix),
                  str(Path(coursekit.__file__).resolve().parent)]
    paths = []
    for path in candidates:
        if not any(path == p or path.startswith(p + os.sep) for p in paths + ["/usr"]):
            paths.append(path)
    return paths


def _answer_key_paths(bound: list) -> list:
    """The answer key's package folder (coursekit_key) if it is installed inside a bound folder
    (a regular install into the venv); an editable one lives in course/key, which is not bound."""
    try:
        spec = importlib.util.find_spec("coursekit_key")
    except (ImportError, ValueError):
        return []
    folders = [os.path.realpath(p) for p in (spec.submodule_search_locations or [])] if spec else []
    return [f for f in folders if any(f.startswith(p + os.sep) for p in bound)]


def _font_cache() -> Optional[str]:
    """matplotlib's font list, built once by the grader so that each kernel need not spend a
    second or two rebuilding it in its empty /tmp."""
    try:
        import matplotlib
    except ImportError:
        return None
    folder = os.path.join(tempfile.gettempdir(), f"coursekit-mpl-{os.getuid()}-{matplotlib.__version__}")
    found = sorted(Path(folder).glob("fontlist-*.json")) if os.path.isdir(folder) else []
    if not found:
        os.makedirs(folder, exist_ok=True)
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env={**os.environ, "MPLCONFIGDIR": folder}, capture_output=True, timeout=120)
        found = sorted(Path(folder).glob("fontlist-*.json"))
    if not found:
        return None
    os.chmod(folder, 0o755)
    os.chmod(found[-1], 0o644)
    return str(found[-1])


class SandboxKernelManager(AsyncKernelManager):
    """Starts each kernel inside a `KernelBox`: forked by this process's warm fork server
    (`Sandbox.warm_kernels`), or as a new interpreter in a new sandbox; or, when unsafe grading
    is allowed on a machine that cannot sandbox, as a plain limited process."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sandbox = Sandbox(parent=self)
        self.isolated = self.sandbox.check()
        self.warm = self.isolated and self.sandbox.warm_kernels
        self.box: Optional[KernelBox] = None
        self._stderr_file = None  # this process's copy of the kernel's stderr, until it starts

    @property
    def kernel_spec(self) -> KernelSpec:
        from .warm import PROVISIONER

        metadata = {"kernel_provisioner": {"provisioner_name": PROVISIONER}} if self.warm else {}
        return KernelSpec(argv=[], display_name="Python 3 (grading sandbox)", language="python",
                          interrupt_mode="message", env={}, metadata=metadata)

    async def _async_start_kernel(self, **kw) -> None:
        try:
            await super()._async_start_kernel(**kw)
        except BaseException:
            self._release()
            raise
        finally:
            self._close_stderr()

    def _close_stderr(self) -> None:
        """Close this process's handle on kernel.err: the started kernel holds its own."""
        if self._stderr_file is not None:
            stderr, self._stderr_file = self._stderr_file, None
            stderr.close()

    async def _async_pre_start_kernel(self, **kw):
        workdir = kw.get("cwd") or os.getcwd()
        server = self._warm_server() if self.warm else None
        if server is not None:
            self.box = KernelBox(self.sandbox, workdir, parent=server.folder)
        else:
            self.box = KernelBox(self.sandbox, workdir, self.isolated)
        if self.isolated:
            self.transport = "ipc"
            self.ip = self.box.ipc_prefix
        self.connection_file = self.box.connection_file
        # The kernel's own stdout and stderr would reach the grader's terminal: a student could
        # flood it. stderr goes to a file in the runtime folder, read back if the kernel dies.
        # (A warm kernel's server sends them there itself.)
        if not self.warm:
            kw["stdout"] = subprocess.DEVNULL
            self._close_stderr()  # a restart's earlier one
            self._stderr_file = kw["stderr"] = open(os.path.join(self.box.runtime, "kernel.err"),
                                                     "wb")
        if not self.isolated:  # bwrap would set these; an unsandboxed kernel needs them too
            kw["env"] = {**kw.get("env", os.environ), **self.sandbox.environment()}
        return await super()._async_pre_start_kernel(**kw)

    def _warm_server(self):
        """This process's fork server; None (and cold kernels from now on) if it cannot start
        here, which is told once."""
        from .warm import Zygote, ZygoteError

        try:
            return Zygote.for_sandbox(self.sandbox)
        except ZygoteError as error:
            if not error.repeated:
                self.log.warning("warm kernels are off in this process (each kernel starts "
                                 "cold): %s", error)
            self.warm = False
            return None

    def kernel_stderr(self, limit: int = 2000) -> str:
        """The end of what the kernel wrote to stderr (empty once it has been cleaned up)."""
        if self.box is None:
            return ""
        try:
            with open(os.path.join(self.box.runtime, "kernel.err"), "rb") as f:
                f.seek(max(0, os.fstat(f.fileno()).st_size - limit))
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        if self.box is not None and self.isolated:
            self.box.give(self.connection_file)

    def format_kernel_cmd(self, extra_arguments: Optional[list] = None) -> list:
        argv = self.sandbox.kernel_argv(self.connection_file, list(extra_arguments or []))
        return self.box.command(argv) if self.isolated and not self.warm else argv

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self._release()

    def _release(self) -> None:
        if self.box is not None:
            box, self.box = self.box, None
            box.release()

    # AsyncKernelManager binds these names to the base class's functions; rebind to ours.
    start_kernel = _async_start_kernel
    pre_start_kernel = _async_pre_start_kernel
    cleanup_resources = _async_cleanup_resources
