"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder.

The first test that needs it starts one cluster for the whole run (listening
only on a unix socket in the folder, never on the network); it is stopped and
removed when the test process exits. Each store gets a fresh schema of its
own (:func:`fresh_url`), so stores never see each other's events.

The server comes from the system: ``pg_ctl`` on ``PATH`` or under
``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package). If there is
none, :func:`server` raises :class:`PostgresMissing`, and the tests that need
it fail (never skip) with a message that says how to install it. Set
``TIMELINE_TEST_POSTGRES_URL`` to run them against a server of your own
instead (each store then creates a schema there).
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg

__all__ = ["PostgresMissing", "PostgresServer", "admin_connect", "fresh_url", "server"]

INSTALL_HINT = (
    "PostgreSQL is needed for the PostgreSQL store tests and none was found "
    "(no pg_ctl on PATH or under /usr/lib/postgresql/*/bin). Install it with "
    "`apt-get install postgresql` (Debian/Ubuntu), or point TIMELINE_TEST_POSTGRES_URL "
    "at a server where the tests may create schemas."
)


class PostgresMissing(RuntimeError):
    """No PostgreSQL server could be found or started."""


def _find_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise PostgresMissing(INSTALL_HINT)
    return Path(candidates[-1]).parent


class PostgresServer:
    """One cluster in a temporary folder, reached through a unix socket there."""

    def __init__(self) -> None:
        self.bin = _find_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
        self.data = self.folder / "data"
        self.port = 5432
        self._user: str | None = None
        if os.geteuid() == 0:  # initdb refuses to run as root: run the cluster as "postgres"
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresMissing(
                    "running as root and there is no 'postgres' user to run the cluster; "
                    + INSTALL_HINT
                ) from exc
            self._user = "postgres"
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.folder.chmod(0o755)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._user is not None:
            command = ["runuser", "-u", self._user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PostgresMissing(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )

    def start(self) -> None:
        """Create the cluster and start it (fsync off: a test server, not a record)."""
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        options = (
            f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, options: str = "") -> str:
        """A URL of the ``postgres`` database as the superuser, with libpq ``options``."""
        url = f"postgresql://postgres@/postgres?host={quote(str(self.folder))}&port={self.port}"
        if options:
            url += "&options=" + quote(options)
        return url


_lock = threading.Lock()
_server: PostgresServer | None = None
_base_url: str | None = None
_counter = itertools.count(1)


def server() -> str:
    """The URL of the test server (started on first use), as a superuser."""
    global _server, _base_url
    with _lock:
        if _base_url is None:
            given = os.environ.get("TIMELINE_TEST_POSTGRES_URL")
            if given:
                _base_url = given
            else:
                started = PostgresServer()
                try:
                    started.start()
                except BaseException:
                    shutil.rmtree(started.folder, ignore_errors=True)
                    raise
                atexit.register(started.stop)
                _server = started
                _base_url = started.url()
        return _base_url


def admin_connect() -> psycopg.Connection[Any]:
    """An autocommit psycopg connection to the test server, as its superuser."""
    return psycopg.connect(server(), autocommit=True)


def fresh_url() -> str:
    """The URL of a new, empty schema of the test server (not initialised as a store)."""
    base = server()
    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={name}')}"
