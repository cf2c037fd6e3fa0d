"""The fork server behind warm grading kernels: started once per grading process, inside the
sandbox, with a kernel's imports already done; it forks one fresh kernel per submission.

    python -m coursekit.grading.zygote CONFIG_JSON     (started by `warm.Zygote`, inside bwrap)

Requests and answers are JSON lines on stdin and stdout:

    {"op": "spawn", "runtime": R, "work": W, "workdir": D, "uid": U or null, "argv": [...]}
                                                   -> {"id": N}  or  {"error": "..."}
    {"op": "poll", "id": N}                        -> {"status": null or a returncode,
                                                       "peak_mb": its peak resident memory}
    {"op": "signal", "id": N, "signum": S}         -> {"ok": true}

A kernel is two processes. C, the server's child, takes the kernel's uid U (when the grader is
root), creates new user, mount, PID, IPC, UTS and network namespaces, forks G and waits for it,
passing on signals; C's exit status is G's. G is process 1 of the new PID namespace, so when it
ends every process it started ends too, and it dies with C. Before any student code, G puts a
fresh tmpfs over /tmp and over the course's top folder (hiding every earlier submission's files),
binds back only its runtime folder, its private working copy at the notebook's folder and the
read-only Python folders that lay underneath, drops every capability, forbids new privileges,
and runs `coursekit.grading.kernel.main`. Nothing a kernel does survives it: the next kernel is a
new fork of the server, which never runs student code.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 0x1, 0x2, 0x4, 0x8, 0x20
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 0x400, 0x800, 0x1000, 0x4000
MS_PRIVATE, MS_RELATIME, ST_RELATIME = 0x40000, 0x200000, 0x1000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 4, 24, 38
CAPABILITY_VERSION_3 = 0x20080522
CAP_KILL, CAP_SETGID, CAP_SETUID = 5, 6, 7
LAST_CAPABILITY = 63

FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
                     signal.SIGUSR1, signal.SIGUSR2)

class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


class System:
    """The system calls Python's os module lacks, through libc. (Methods of a class taking no
    arguments, so that nothing tried as an exercise's answer, as the student-install audit
    tries every function, can call them by accident.)"""

    def __init__(self):
        self.libc = ctypes.CDLL(None, use_errno=True)

    def call(self, name: str, *args) -> int:
        result = getattr(self.libc, name)(*args)
        if result == -1:
            errno = ctypes.get_errno()
            raise OSError(errno, f"{name}{args!r}: {os.strerror(errno)}")
        return result

    def mount(self, source, target: str, fstype=None, flags: int = 0, data=None) -> None:
        encode = (lambda v: v.encode() if isinstance(v, str) else v)
        self.call("mount", encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags),
                  encode(data))

    def prctl(self, option: int, value: int) -> None:
        self.call("prctl", option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0),
                  ctypes.c_ulong(0))

    def set_capabilities(self, keep: tuple = ()) -> None:
        """Effective and permitted capabilities: only `keep` (numbers below 32)."""
        bits = sum(1 << cap for cap in keep)
        self.call("capset", ctypes.byref(_CapHeader(CAPABILITY_VERSION_3, 0)),
                  (_CapData * 2)(_CapData(bits, bits, 0)))

    def drop_capabilities(self) -> None:
        """No capability left, none to regain: bounding set emptied, sets cleared, no new
        privileges."""
        for cap in range(LAST_CAPABILITY + 1):
            try:
                self.prctl(PR_CAPBSET_DROP, cap)
            except OSError:  # past the kernel's last capability
                break
        self.set_capabilities()
        self.prctl(PR_SET_NO_NEW_PRIVS, 1)

    def remount_read_only(self, path: str) -> None:
        """Make the mount at `path` read-only in this mount namespace, keeping the flags it has
        (a user namespace may not drop nosuid, nodev or noexec from a mount it inherited)."""
        flags = os.statvfs(path).f_flag
        kept = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME)
        relatime = MS_RELATIME if flags & ST_RELATIME else 0
        self.mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept | relatime)


def covers(workdir: str, system_dirs: list) -> list:
    """The folders a kernel hides under a fresh tmpfs: /tmp, and the highest folder above the
    notebook's that holds no system folder (/work for /work/course/autograder/...)."""
    found = ["/tmp"]
    parts = workdir.strip("/").split("/")
    for depth in range(1, len(parts)):
        folder = "/" + "/".join(parts[:depth])
        if _under(folder, "/tmp"):
            break
        if not any(_under(s, folder) for s in system_dirs):
            found.append(folder)
            break
    return found


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


class Launch:
    """One kernel's start, from a spawn request: C (`run`) in the server's child, G (`kernel`)
    in C's child."""

    def __init__(self, request: dict, config: dict):
        if not (isinstance(request, dict) and isinstance(config, dict)):
            raise TypeError("a launch takes a spawn request and the server's configuration")
        self.request, self.config, self.system = request, config, System()

    # --- C: the kernel's namespaces ---------------------------------------------------------------

    def run(self) -> None:
        """C: never returns; exits as G did."""
        try:
            null = os.open("/dev/null", os.O_RDWR)
            os.dup2(null, 0)  # the server's pipes to the grader
            os.dup2(null, 1)
            for number in FORWARDED_SIGNALS:
                signal.signal(number, signal.SIG_DFL)
            self.namespaces(self.request["uid"])
            alive_r, alive_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(alive_w)
                self.kernel(alive_r)
            os.close(alive_r)
            for number in FORWARDED_SIGNALS:
                signal.signal(number, lambda n, _frame: os.kill(pid, n))
            _, status = os.waitpid(pid, 0)
        except BaseException:  # noqa: B036 (in the server's stderr, zygote.err)
            import traceback

            traceback.print_exc()
            os._exit(1)
        if os.WIFSIGNALED(status):
            signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
            os.kill(os.getpid(), os.WTERMSIG(status))
        os._exit(os.waitstatus_to_exitcode(status))

    def namespaces(self, uid) -> None:
        if uid is not None:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            self.system.prctl(PR_SET_DUMPABLE, 1)  # so that it may write its own uid_map below
        outer_uid, outer_gid = os.getuid(), os.getgid()
        self.system.call("unshare", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC
                         | CLONE_NEWUTS | CLONE_NEWNET)
        for name, text in [("setgroups", "deny"), ("uid_map", f"{outer_uid} {outer_uid} 1"),
                           ("gid_map", f"{outer_gid} {outer_gid} 1")]:
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)

    # --- G: the kernel ----------------------------------------------------------------------------

    def kernel(self, alive_r: int) -> None:
        """G: build the filesystem, lose every privilege, run the kernel; never returns."""
        status = 1
        try:
            self.system.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if self.closed(alive_r):  # C died before PDEATHSIG was set
                os._exit(1)
            self.build_filesystem()
            self.system.call("sethostname", b"grader", ctypes.c_size_t(6))
            self.system.drop_capabilities()
            os.chdir(self.request["workdir"])
            self.redirect(os.path.join(self.request["runtime"], "kernel.err"))
            self.fresh_random_state()
            from . import kernel

            sys.argv = [kernel.__file__, *self.request["argv"]]
            kernel.main(self.request["argv"])
            status = 0
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
        except BaseException:  # noqa: B036 (in kernel.err, which the grader reads back)
            import traceback

            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(status)

    def build_filesystem(self) -> None:
        """Fresh /tmp, /dev/shm and course folder; the runtime folder, the working copy and the
        read-only Python folders that lay under them bound back; the rest of the server's
        filesystem (its root and /dev, which every kernel of this server shares) read-only; a
        /proc of the kernel's own processes. Needs the capabilities of a new user namespace
        that owns the current mount namespace."""
        request, system = self.request, self.system
        hidden = covers(request["workdir"], self.config["system_dirs"])
        binds = [(request["runtime"], request["runtime"], False),
                 (request["work"], request["workdir"], False)]
        binds += [(path, path, True) for path in self.config["read_only"]
                  if any(_under(path, c) for c in hidden)]
        opened = [(os.open(source, os.O_PATH), target, ro) for source, target, ro in binds]
        system.mount(None, "/", None, MS_REC | MS_PRIVATE)
        system.remount_read_only("/")
        system.remount_read_only("/dev")
        if os.path.isdir("/dev/shm"):
            hidden.append("/dev/shm")
        for folder in hidden:
            size = f"size={self.config['tmp_bytes']},mode=1777" if folder == "/tmp" else "mode=0755"
            system.mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, size)
        for fd, target, read_only in opened:
            if os.path.isdir(f"/proc/self/fd/{fd}"):
                os.makedirs(target, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                open(target, "a").close()
            system.mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC)
            if read_only:
                system.remount_read_only(target)
            os.close(fd)
        system.mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        os.makedirs("/tmp/mpl", exist_ok=True)

    @staticmethod
    def closed(fd: int) -> bool:
        """Whether the other end of the pipe `fd` has closed."""
        import select

        readable, _, _ = select.select([fd], [], [], 0)
        return bool(readable) and os.read(fd, 1) == b""

    @staticmethod
    def redirect(stderr_path: str) -> None:
        """stdin and stdout to /dev/null, stderr to the runtime folder's kernel.err, nothing else
        open (the server's pipes to the grader stay out of reach)."""
        null = os.open("/dev/null", os.O_RDWR)
        err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(err, 2)
        os.closerange(3, min(os.sysconf("SC_OPEN_MAX"), 65536))
        sys.stdin, sys.stdout = open(0, closefd=False), open(1, "w", closefd=False)
        sys.stderr = open(2, "w", buffering=1, closefd=False)

    @staticmethod
    def fresh_random_state() -> None:
        """A forked process would repeat the server's numpy random stream (`random` reseeds
        itself after a fork)."""
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            numpy.random.seed()


# --- the server ----------------------------------------------------------------------------------

def warm_up() -> None:
    """Import what every kernel imports, so that a fork starts with it."""
    import sqlite3  # noqa: F401 (IPython's history)

    import IPython.core.completerlib  # noqa: F401
    import IPython.core.debugger  # noqa: F401
    import IPython.extensions.storemagic  # noqa: F401
    import ipykernel.debugger  # noqa: F401 (debugpy: a third of a kernel's start)
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import matplotlib.font_manager  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401

    import coursekit  # noqa: F401
    from ..checks import core, evidence  # noqa: F401
    from . import kernel  # noqa: F401


class Server:
    """The children spawned so far, by id, and their exit statuses once reaped."""

    def __init__(self, config: dict):
        self.config = config
        self.children: dict = {}
        self.statuses: dict = {}

    def spawn(self, request: dict) -> dict:
        for folder in covers(request["workdir"], self.config["system_dirs"])[1:]:
            os.makedirs(folder, exist_ok=True)  # a mount point for G's tmpfs
        launch = Launch(request, self.config)
        pid = os.fork()
        if pid == 0:
            launch.run()
        number = len(self.children) + 1
        self.children[number] = pid
        return {"id": number}

    def poll(self, number: int):
        if number not in self.statuses:
            pid, status, usage = os.wait4(self.children[number], os.WNOHANG)
            if pid == 0:
                return {"status": None}
            # C's usage covers G, which it waited for: ru_maxrss is the larger of the two, in KiB.
            self.statuses[number] = {"status": os.waitstatus_to_exitcode(status),
                                     "peak_mb": round(usage.ru_maxrss / 1024, 1)}
        return self.statuses[number]

    def signal(self, number: int, signum: int) -> dict:
        if number not in self.statuses:
            try:
                os.kill(self.children[number], signum)
            except ProcessLookupError:
                pass
        return {"ok": True}

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        if op == "spawn":
            return self.spawn(request)
        if op == "poll":
            return self.poll(request["id"])
        if op == "signal":
            return self.signal(request["id"], request["signum"])
        return {"error": f"unknown request {op!r}"}

    def serve(self, requests, answers) -> None:
        for line in requests:
            try:
                answer = self.answer(json.loads(line))
            except Exception as error:  # noqa: BLE001 (told to the grader, which raises it)
                answer = {"error": f"{type(error).__name__}: {error}"}
            answers.write(json.dumps(answer) + "\n")
            answers.flush()


def main(argv: list) -> None:
    config = json.loads(argv[0])
    if not isinstance(config, dict):
        raise TypeError("the fork server takes its configuration as a JSON object")
    system = System()
    system.prctl(PR_SET_DUMPABLE, 0)  # no kernel may ptrace the server, even under the same uid
    # A kernel may mount its own /proc only if a proc mount here hides nothing; bwrap's has
    # read-only covers (/proc/sys, ...). One more proc on top has none. The capability that
    # mounting takes goes right after.
    system.mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    # As root: to start each kernel as its uid, and to signal it then.
    system.set_capabilities((CAP_KILL, CAP_SETGID, CAP_SETUID) if config["switch_uid"] else ())
    warm_up()
    sys.stdout.write(json.dumps({"ready": os.getpid()}) + "\n")
    sys.stdout.flush()
    Server(config).serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
