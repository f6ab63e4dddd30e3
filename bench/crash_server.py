"""The production server as a process group that can be killed without warning (SIGKILL to
the master and every worker at once, like a power cut of the server) and started again on the
same loopback port, so terminals find it where they left it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .servers import ROOT, free_port


@contextmanager
def serving(app_spec: str, env: dict[str, str], log: Path) -> Iterator["KillableServer"]:
    """Serve like ``servers.gunicorn``, but stop the whole process group at the end, so no
    worker still busy with a backlog outlives the run and skews the next measurement."""
    server = KillableServer(app_spec, env, log)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class KillableServer:
    def __init__(self, app_spec: str, env: dict[str, str], log: Path,
                 workers: int | None = None) -> None:
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = {**os.environ, **env, "CONTEST_BIND": f"127.0.0.1:{self.port}"}
        if workers:
            self.environment["CONTEST_WORKERS"] = str(workers)
        self.command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                        app_spec]
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start and wait until it listens; the seconds that took."""
        began = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment,
                                            stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {self.log}")
            time.sleep(0.05)
        return time.perf_counter() - began

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and every worker (Linux /proc)."""
        assert self.process is not None
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.process.pid:      # process group
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def _listening(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def kill(self) -> None:
        """SIGKILL the whole process group: no worker finishes its request or its commit."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        self._wait_until_free()

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL to whatever of the group is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        self._wait_until_free()

    def _wait_until_free(self, seconds: float = 20) -> None:
        """Orphaned workers die with the group, but give the kernel a moment to release it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
