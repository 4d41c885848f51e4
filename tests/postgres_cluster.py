"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl on a unix socket, no TCP.

initdb refuses to run as root, so as root the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if not candidates:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(apt-get install postgresql)."
        )
    return Path(candidates[0]).parent


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    user: str | None

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        return self.root / "sock"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(a) for a in args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        self.datadir.mkdir(parents=True)
        self.sockdir.mkdir()
        if self.user:
            shutil.chown(self.root, self.user)
            shutil.chown(self.datadir, self.user)
            shutil.chown(self.sockdir, self.user)
        self._run(
            self.bindir / "initdb",
            "-D",
            str(self.datadir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-k {self.sockdir} -p {self.port} -c listen_addresses='' -c fsync=off"
        self._run(
            self.bindir / "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def create_database(self, name: str) -> str:
        self._run(
            self.bindir / "createdb",
            "-h",
            str(self.sockdir),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@/{name}?host={self.sockdir}&port={self.port}"

    def stop(self) -> None:
        try:
            self._run(
                self.bindir / "pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop"
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    bindir = find_bindir()
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="magnerve-pg-"))
    root.chmod(0o755)
    port = 40000 + os.getpid() % 20000
    cluster = Cluster(bindir=bindir, root=root, port=port, user=user)
    cluster.start()
    return cluster
